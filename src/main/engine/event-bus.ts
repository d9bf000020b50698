/**
 * The engine side of the one event model: modules emit events without a time stamp and the
 * sink stamps them with the session clock, so every consumer sees the same `t`.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type { Clock } from './base/clock';
import { eventLogger, type Logger } from './base/logger';

export type { EngineEvent } from '../../shared/engine-events';

/** An engine event before it is stamped: the same union without `t`. */
export type EngineEventInput = EngineEvent extends infer E
  ? E extends EngineEvent
    ? Omit<E, 't'>
    : never
  : never;

export interface EventSink {
  emit(ev: EngineEventInput): void;
  /**
   * False while nobody listens: an emitter may then leave out an optional payload that is costly
   * to build and that no one would see (the event is still emitted and stamped). Absent: assume
   * someone listens.
   */
  readonly hasListeners?: boolean;
}

/** Stamps events with the clock and fans them out to listeners (the UI, recorder, runner). */
export class EventBus implements EventSink {
  private readonly listeners = new Set<(ev: EngineEvent) => void>();
  /**
   * The listeners as of the last (un)subscribe: an emit walks this array, so a listener added or
   * removed while an event is delivered takes effect from the next event, and an emit (dozens a
   * turn) no longer copies the set.
   */
  private snapshot: ReadonlyArray<(ev: EngineEvent) => void> = [];
  private readonly logger: Logger;
  private reporting = false;

  /** `logger` hears about listeners that throw; without one they become `warning` events here. */
  constructor(
    private readonly clock: Clock,
    logger?: Logger,
  ) {
    this.logger = logger ?? eventLogger(this);
  }

  emit(ev: EngineEventInput): void {
    const stamped = { ...ev, t: this.clock.now() };
    for (const fn of this.snapshot) {
      try {
        fn(stamped);
      } catch (err) {
        // A faulty consumer must not break the engine or the other consumers. A failure while
        // that failure is reported is not reported again: it would loop through the same listener.
        if (this.reporting) continue;
        this.reporting = true;
        try {
          this.logger.log('error', 'an engine event listener threw', { event: ev.type, error: err });
        } finally {
          this.reporting = false;
        }
      }
    }
  }

  subscribe(fn: (ev: EngineEvent) => void): () => void {
    this.listeners.add(fn);
    this.snapshot = [...this.listeners];
    return () => {
      const removed = this.listeners.delete(fn);
      if (removed) this.snapshot = [...this.listeners];
      return removed;
    };
  }

  get hasListeners(): boolean {
    return this.snapshot.length > 0;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
