/**
 * Connection state of the studio transport, as the UI shows it. IPC is always `connected`
 * (main and renderer live and die together); the WebSocket moves through all four states.
 */
import type { StudioClient } from '../../../shared/studio-api';

export type ConnectionState = 'connecting' | 'connected' | 'refused' | 'disconnected';

export interface ConnectionInfo {
  state: ConnectionState;
  /** The server's close reason when refused or dropped, so the user sees why. */
  reason: string | null;
  /** WebSocket close code of the last close, when there was one. */
  code: number | null;
}

/** What the UI needs besides the client: whether the client can currently reach main. */
export interface ConnectionMonitor {
  readonly connection: ConnectionInfo;
  /** Subscribes to connection changes; returns the unsubscribe function. */
  onConnectionChange(listener: (info: ConnectionInfo) => void): () => void;
}

/** A studio client together with its connection monitor, as the bridge hands it to the app. */
export interface StudioBridge {
  client: StudioClient;
  monitor: ConnectionMonitor;
  /** Closes the transport for good (tests and hot reload). */
  dispose(): void;
}

/** Close codes the web server uses for final refusals; reconnecting would only repeat them. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN_ORIGIN = 4403;

export function isFinalCloseCode(code: number): boolean {
  return code === CLOSE_UNAUTHORIZED || code === CLOSE_FORBIDDEN_ORIGIN;
}
