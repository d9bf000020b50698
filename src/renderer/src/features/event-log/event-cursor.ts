/**
 * Incremental reading of the store's event ring buffer for views derived from it (chat context,
 * tool calls). Re-deriving from scratch on every 50 ms batch would cost O(session) per batch;
 * this hands each derived model only the events it has not seen, and tells it to start over when
 * the buffer was replaced (a reload's getState, a new session) rather than appended to.
 */
import type { EngineEvent } from '../../../../shared/engine-events';

/** The part of the RingBuffer the cursor reads, so tests can use a plain array. */
export interface EventSource {
  readonly size: number;
  readonly totalPushed: number;
  at(index: number): EngineEvent | undefined;
}

export interface EventBatch {
  /** True when the model must drop what it derived and rebuild from `events`. */
  reset: boolean;
  events: EngineEvent[];
  /** True when older events were dropped from the buffer before this model saw them. */
  truncated: boolean;
}

export class EventCursor {
  private seen = 0;
  private last: EngineEvent | undefined;
  private sessionId: string | null = null;

  /** Returns what is new since the last read, or null when nothing changed. */
  read(source: EventSource, sessionId: string | null): EventBatch | null {
    const replaced =
      sessionId !== this.sessionId || source.totalPushed < this.seen || !this.lastStillThere(source);
    if (replaced) {
      this.sessionId = sessionId;
      this.seen = 0;
      this.last = undefined;
    }
    const fresh = source.totalPushed - this.seen;
    if (fresh <= 0 && !replaced) return null;
    const available = Math.min(fresh, source.size);
    const events: EngineEvent[] = new Array<EngineEvent>(available);
    const first = source.size - available;
    for (let i = 0; i < available; i++) events[i] = source.at(first + i) as EngineEvent;
    this.seen = source.totalPushed;
    this.last = source.size > 0 ? source.at(source.size - 1) : undefined;
    return { reset: replaced, events, truncated: fresh > available };
  }

  /**
   * An append keeps the newest seen event at its place; a wholesale replace puts new objects
   * there. When the buffer has wrapped past it, an append is the only way that can happen.
   */
  private lastStillThere(source: EventSource): boolean {
    if (this.last === undefined) return this.seen === 0;
    const index = this.seen - 1 - (source.totalPushed - source.size);
    if (index < 0) return true;
    return source.at(index) === this.last;
  }
}
