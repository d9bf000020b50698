/**
 * Interrupting an activity's speeches (the seed's `interrupt` and the text input's "interrupt,
 * then reply"): the current, queued and background speeches, as one set. The paused-speech
 * state (barge-in pauses, false interruptions) lives in interruption-controller.ts.
 */
import { Future } from '../../base/tasks';
import { interruptionBatch } from '../interruption-batch';
import type { SpeechHandle } from '../speech-handle';
import type { InterruptionTracer } from './interruption-controller';

/** What interrupting needs of an activity: its speeches, tracer, realtime session and preemptive reply. */
export interface SpeechSet {
  /** Speeches whose playout is over but whose tools still run. */
  readonly backgroundSpeeches: ReadonlySet<SpeechHandle>;
  readonly currentSpeech: SpeechHandle | null;
  readonly scheduler: { readonly queue: { toArray(): ReadonlyArray<{ speech: SpeechHandle }> } };
  readonly tracer: InterruptionTracer;
  readonly rtSession: { interrupt(): void } | null;
  cancelPreemptiveGeneration(reason: string): void;
}

/** Interrupts the speeches whose tools still run; returns those it interrupted. */
export function interruptBackgroundSpeeches(act: SpeechSet, force: boolean): SpeechHandle[] {
  const out: SpeechHandle[] = [];
  for (const speech of act.backgroundSpeeches) {
    if (force || speech.allowInterruptions) out.push(act.tracer.interrupt(speech, 'api', force));
  }
  return out;
}

/** Resolves when every speech in `speeches` is done (upstream's future fed by done callbacks). */
export function whenAllDone(speeches: readonly SpeechHandle[]): Promise<void> {
  const fut = new Future<void>();
  const check = (): void => {
    if (speeches.every((s) => s.done())) fut.resolve();
  };
  for (const s of speeches) s.addDoneCallback(check);
  check();
  return fut.promise;
}

/**
 * Interrupts the current speech, the queued ones and the background ones. Throws (before
 * touching later speeches, as upstream) when one disallows interruptions and `force` is off.
 * The promise resolves once all of them are done and the chat context holds what was said.
 */
export function interrupt(act: SpeechSet, force: boolean, cause: string): Promise<void> {
  // the replies stop their audio once every speech is marked and the realtime session told
  const speeches = interruptionBatch(() => {
    act.cancelPreemptiveGeneration('interrupted');
    const out = interruptBackgroundSpeeches(act, force);
    const current = act.currentSpeech;
    if (current) {
      act.tracer.interrupt(current, cause, force);
      out.push(current);
    }
    for (const entry of act.scheduler.queue.toArray()) {
      act.tracer.interrupt(entry.speech, cause, force);
      out.push(entry.speech);
    }
    act.rtSession?.interrupt();
    return out;
  });
  if (speeches.length === 0) return Promise.resolve();
  return whenAllDone(speeches);
}

/**
 * Typed text takes the floor (LiveKit's default text input: interrupt, then generate_reply).
 * Unlike `interrupt`, a speech that forbids interruptions does not stop the others: it is kept
 * (returned, so the caller can say why the answer waits) and every other current, queued or
 * background speech is interrupted; preemptive generation is cancelled. `done` resolves once the
 * interrupted speeches are done and the chat context holds what was heard of them.
 */
export function interruptForTypedText(act: SpeechSet): {
  interrupted: SpeechHandle[];
  kept: SpeechHandle[];
  done: Promise<void>;
} {
  act.cancelPreemptiveGeneration('interrupted');
  const interrupted: SpeechHandle[] = [];
  const kept: SpeechHandle[] = [];
  const speeches = [
    ...act.backgroundSpeeches,
    ...(act.currentSpeech ? [act.currentSpeech] : []),
    ...act.scheduler.queue.toArray().map((e) => e.speech),
  ];
  interruptionBatch(() => {
    for (const speech of new Set(speeches)) {
      if (speech.done()) continue;
      if (!speech.allowInterruptions) {
        kept.push(speech);
        continue;
      }
      interrupted.push(act.tracer.interrupt(speech, 'text_input'));
    }
    if (interrupted.length > 0) act.rtSession?.interrupt();
  });
  return { interrupted, kept, done: whenAllDone(interrupted) };
}
