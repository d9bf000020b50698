/**
 * Picks the transport at run time: Electron's preload puts a `StudioClient` on `window.studio`;
 * a plain browser (web mode) has none and talks WebSocket to the page's own origin. Everything
 * past this file sees only `StudioBridge`.
 */
import type { CommandInput, CommandName, CommandResult, StudioClient } from '../../../shared/studio-api';
import type { ConnectionInfo, ConnectionMonitor, StudioBridge } from './connection';
import { transportError, WsStudioClient, type WsClientOptions } from './ws-client';
import { errorText } from '../../../shared/error-text';

/** The slice of `location` the bridge reads; a parameter so tests need no DOM. */
export interface PageLocation {
  protocol: string;
  host: string;
  search: string;
}

/**
 * The socket URL for a page: same host, `/ws`. It carries no secret: the browser sends the
 * HttpOnly session cookie it got when it signed in, which page script never sees.
 */
export function wsUrlFromLocation(location: PageLocation): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/ws`;
}

/** True when the value looks like the preload's client; a half-built global must not be trusted. */
export function isStudioClient(value: unknown): value is StudioClient {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StudioClient>;
  return typeof v.invoke === 'function' && typeof v.on === 'function';
}

const IPC_CONNECTED: ConnectionInfo = { state: 'connected', reason: null, code: null };

/**
 * Wraps the preload's client so a rejected IPC call (main threw outside the router) still
 * resolves as a transport error, keeping the contract's "never rejects" for every caller.
 */
export function ipcBridge(preload: StudioClient): StudioBridge {
  const client: StudioClient = {
    transport: 'ipc',
    invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandResult<C>> {
      try {
        return preload.invoke(command, input).catch((error: unknown) => transportError(errorText(error)));
      } catch (error) {
        return Promise.resolve(transportError(errorText(error)));
      }
    },
    on: (event, listener) => preload.on(event, listener),
  };
  const monitor: ConnectionMonitor = {
    connection: IPC_CONNECTED,
    onConnectionChange: () => () => undefined,
  };
  return { client, monitor, dispose: () => undefined };
}

export function wsBridge(options: WsClientOptions): StudioBridge {
  const ws = new WsStudioClient(options);
  return { client: ws, monitor: ws, dispose: () => ws.dispose() };
}

export interface SelectEnvironment {
  studio?: unknown;
  location: PageLocation;
}

/** Chooses IPC when the preload exposed a client, otherwise the WebSocket of web mode. */
export function selectBridge(
  env: SelectEnvironment,
  wsOptions: Omit<WsClientOptions, 'url'> = {},
): StudioBridge {
  if (isStudioClient(env.studio)) return ipcBridge(env.studio);
  return wsBridge({ ...wsOptions, url: wsUrlFromLocation(env.location) });
}
