/**
 * Traces each speech's lifecycle for the studio timeline (`speech_lifecycle` events). The
 * handle reports its own transitions; the activity adds what only it knows: the source, why a
 * speech was interrupted, when playout started, and pauses/resumes of false interruptions.
 */
import type { SpeechLifecycleState, SpeechSource } from '../../../../shared/engine-events';
import type { EventSink } from '../../event-bus';
import type { SpeechHandle } from '../speech-handle';

export class SpeechTracer {
  /** Why a speech is about to be interrupted; read when the handle reports the interruption. */
  private readonly causes = new Map<string, string>();
  /** The priority a speech was queued with; read when the handle reports `scheduled`. */
  private readonly priorities = new Map<string, number>();
  private readonly listeners = new Map<string, () => void>();

  constructor(private readonly events: EventSink) {}

  /** Emits `created` and follows the handle until it is done (then the listener is dropped). */
  track(handle: SpeechHandle, source: SpeechSource, text?: string): void {
    this.events.emit({
      type: 'speech_lifecycle',
      speechId: handle.id,
      state: 'created',
      source,
      allowInterruptions: handle.allowInterruptions,
      ...(text !== undefined ? { text } : {}),
    });
    if (this.listeners.has(handle.id)) return;
    const off = handle.onStateChange((state) => {
      switch (state) {
        case 'scheduled':
          this.emitScheduled(handle);
          break;
        case 'authorized':
          this.emit(handle, state);
          break;
        case 'interrupted':
          this.emit(handle, 'interrupted', this.causes.get(handle.id) ?? 'api');
          break;
        case 'done':
          this.emit(handle, 'done');
          this.causes.delete(handle.id);
          this.priorities.delete(handle.id);
          this.listeners.get(handle.id)?.();
          this.listeners.delete(handle.id);
          break;
        default:
          break;
      }
    });
    this.listeners.set(handle.id, off);
  }

  /** Records the priority `handle` is queued with (called just before it is marked scheduled). */
  setPriority(handle: SpeechHandle, priority: number): void {
    this.priorities.set(handle.id, priority);
  }

  /** Records the cause of the next interruption of `handle` (the first cause wins). */
  setCause(handle: SpeechHandle, cause: string): void {
    if (handle.interrupted || this.causes.has(handle.id)) return;
    this.causes.set(handle.id, cause);
  }

  /** Interrupts `handle` naming the cause; throws as SpeechHandle.interrupt does. */
  interrupt(handle: SpeechHandle, cause: string, force = false): SpeechHandle {
    if (!force && !handle.allowInterruptions) return handle.interrupt({ force });
    this.setCause(handle, cause);
    return handle.interrupt({ force });
  }

  /** Cancels without the permission check (upstream `_cancel`), naming the cause. */
  cancel(handle: SpeechHandle, cause: string): void {
    this.setCause(handle, cause);
    handle.cancel();
  }

  emit(handle: SpeechHandle, state: SpeechLifecycleState, cause?: string): void {
    this.events.emit({
      type: 'speech_lifecycle',
      speechId: handle.id,
      state,
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  private emitScheduled(handle: SpeechHandle): void {
    const priority = this.priorities.get(handle.id);
    this.events.emit({
      type: 'speech_lifecycle',
      speechId: handle.id,
      state: 'scheduled',
      ...(priority !== undefined ? { priority } : {}),
    });
  }

  /** Listeners still attached (speeches not done yet); for the leak check. */
  get pending(): number {
    return this.listeners.size;
  }

  /** Drops every listener (activity closed). */
  dispose(): void {
    for (const off of this.listeners.values()) off();
    this.listeners.clear();
    this.causes.clear();
    this.priorities.clear();
  }
}
