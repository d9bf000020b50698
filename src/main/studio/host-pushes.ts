/**
 * The host's pushes to its transports (IPC, every WebSocket): status, event batches, agent audio.
 * One broken listener must not starve the others, so each is called in its own try.
 */
import type { PushedEvents } from '../../shared/studio-api';
import type { Logger } from '../log';

type HostPushName = 'status' | 'events' | 'audio';
/** What the host pushes; every transport forwards these unchanged to its clients. */
export type HostPush = { [E in HostPushName]: { event: E; payload: PushedEvents[E] } }[HostPushName];
export type HostPushListener = (push: HostPush) => void;

export class PushHub {
  private readonly listeners = new Set<HostPushListener>();

  constructor(private readonly logger: Logger) {}

  /** Subscribes to pushes; returns the unsubscribe function (transports call it on close). */
  subscribe(listener: HostPushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  emit(push: HostPush): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(push);
      } catch (err) {
        this.logger.log('error', 'push listener failed', { event: push.event, error: String(err) });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
