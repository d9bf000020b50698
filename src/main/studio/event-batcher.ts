/**
 * Engine events on their way to the renderer: kept (the newest `capacity`) for getState, so a
 * reloaded window gets the session back, and pushed in batches of `batchMs`, so a 100 Hz VAD lane
 * costs the renderer ~20 messages a second, not 100. A batch belongs to one source (a session);
 * events of another source flush the batch first. Any source of events — a live session, a
 * replayed recording — goes through `ingest`.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type { PushedEvents } from '../../shared/studio-api';

export interface EventBatcherOptions {
  capacity: number;
  batchMs: number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Receives each batch when it is flushed. */
  push(batch: PushedEvents['events']): void;
}

export class EventBatcher {
  private readonly buffer: EngineEvent[] = [];
  private pending: { sessionId: string; events: EngineEvent[] } | null = null;
  private flushHandle: unknown = null;

  constructor(private readonly opts: EventBatcherOptions) {}

  /** Buffers the events and schedules their batch. */
  ingest(sessionId: string, events: readonly EngineEvent[]): void {
    if (events.length === 0) return;
    this.buffer.push(...events);
    const overflow = this.buffer.length - this.opts.capacity;
    if (overflow > 0) this.buffer.splice(0, overflow);
    if (this.pending && this.pending.sessionId !== sessionId) this.flush();
    if (!this.pending) this.pending = { sessionId, events: [] };
    this.pending.events.push(...events);
    this.flushHandle ??= this.opts.setTimer(() => this.flush(), this.opts.batchMs);
  }

  /** Pushes whatever is batched now; called on the timer, on a source change and on dispose. */
  flush(): void {
    if (this.flushHandle !== null) this.opts.clearTimer(this.flushHandle);
    this.flushHandle = null;
    const batch = this.pending;
    this.pending = null;
    if (batch && batch.events.length > 0) this.opts.push(batch);
  }

  /** Flushes, then forgets the buffer: a new source starts a new view. */
  restart(): void {
    this.flush();
    this.buffer.length = 0;
  }

  /** The buffered events, oldest first (a copy): what getState hands a reloaded window. */
  snapshot(): EngineEvent[] {
    return [...this.buffer];
  }
}
