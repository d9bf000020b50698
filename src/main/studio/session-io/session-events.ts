/**
 * A live session's one event stream. The engine and the studio-side code around it (provider
 * build warnings, fallback switches, room and microphone problems, the demo fallback) emit into
 * the same EventBus, which stamps every event with the session clock, so the host, the recorder
 * and the renderer see one ordered stream. The bus exists before the engine does, so what happens
 * while the session is being built is already on it.
 */
import {
  EventBus,
  type EngineEvent,
  type EngineEventInput,
  type EngineLogger,
  type Clock,
  type EventSink,
} from '../../engine';

export class SessionEvents implements EventSink {
  readonly bus: EventBus;
  private engineDetached = false;
  private studioEmitting = 0;

  /**
   * `deliver` receives every event, in order, from the first one on; `logger` hears about a
   * listener that throws (without one, that becomes a warning event).
   */
  constructor(clock: Clock, deliver: (ev: EngineEvent) => void, logger?: EngineLogger) {
    this.bus = new EventBus(clock, logger);
    this.bus.subscribe((ev) => {
      if (!this.engineDetached || this.studioEmitting > 0) deliver(ev);
    });
  }

  /** A studio-side event, stamped by the bus like the engine's own. */
  emit(ev: EngineEventInput): void {
    this.studioEmitting++;
    try {
      this.bus.emit(ev);
    } finally {
      this.studioEmitting--;
    }
  }

  warn(message: string, source = 'studio', code?: string): void {
    this.emit({ type: 'warning', source, message, ...(code ? { code } : {}) });
  }

  /**
   * The session is being released: what an abandoned engine still emits no longer reaches the
   * host; the studio's own last words (a room that could not be left) still do.
   */
  detachEngine(): void {
    this.engineDetached = true;
  }

  /** Listeners other than the delivery (the session's own observer); see EventBus.subscribe. */
  subscribe(fn: (ev: EngineEvent) => void): () => void {
    return this.bus.subscribe(fn);
  }
}
