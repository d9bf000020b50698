/**
 * Interruptions (the seed's interrupt, _interrupt_by_audio_activity, false-interruption timer
 * and _cancel_speech_pause). User activity over an interruptible speech either pauses the audio
 * output (when it can pause and false interruptions may resume) or interrupts the speech; a
 * pause with no real user turn after it resumes the speech when the timer fires.
 */
import { Future, type Task } from '../../base/tasks';
import { splitWords } from '../../tokenize/basic';
import type { SpeechHandle } from '../speech-handle';
import type { AgentActivity } from './activity';
import { isRealtimeModel } from './realtime-guard';

/** Interrupts the speeches whose tools still run; returns those it interrupted. */
export function interruptBackgroundSpeeches(act: AgentActivity, force: boolean): SpeechHandle[] {
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
export function interrupt(act: AgentActivity, force: boolean, cause: string): Promise<void> {
  act.cancelPreemptiveGeneration('interrupted');
  const speeches = interruptBackgroundSpeeches(act, force);
  const current = act.currentSpeech;
  if (current) {
    act.tracer.interrupt(current, cause, force);
    speeches.push(current);
  }
  for (const entry of act.scheduler.queue.toArray()) {
    act.tracer.interrupt(entry.speech, cause, force);
    speeches.push(entry.speech);
  }
  act.rtSession?.interrupt();
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
export function interruptForTypedText(act: AgentActivity): {
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
  for (const speech of new Set(speeches)) {
    if (speech.done()) continue;
    if (!speech.allowInterruptions) {
      kept.push(speech);
      continue;
    }
    interrupted.push(act.tracer.interrupt(speech, 'text_input'));
  }
  if (interrupted.length > 0) act.rtSession?.interrupt();
  return { interrupted, kept, done: whenAllDone(interrupted) };
}

/**
 * The user is audibly active (VAD long enough, or a transcript). With minInterruptionWords the
 * uncommitted transcript must be long enough first. Interruptible speech is paused when the
 * output can pause and false interruptions resume, else interrupted.
 */
export function interruptByAudioActivity(act: AgentActivity, cause: 'vad' | 'stt'): void {
  const opt = act.session.options;
  const usePause = opt.resumeFalseInterruption && opt.falseInterruptionTimeoutMs !== null;
  const llm = act.llm;
  if (isRealtimeModel(llm) && llm.capabilities.turnDetection) return; // the server decides

  let why: string = cause;
  if (act.stt && opt.minInterruptionWords > 0 && act.audioRecognition) {
    const text = act.audioRecognition.currentTranscript;
    if (splitWords(text, { splitCharacter: true }).length < opt.minInterruptionWords) return;
    why = 'words';
  }

  act.rtSession?.startUserActivity();
  const current = act.currentSpeech;
  if (!current || current.interrupted || !current.allowInterruptions) return;

  const wasPaused = act.pausedSpeech === current;
  act.pausedSpeech = current;
  if (act.falseInterruptionTimer) {
    act.falseInterruptionTimer.cancel();
    act.falseInterruptionTimer = null;
  }
  const audio = act.session.outputAudio;
  if (usePause && audio && audio.canPause) {
    audio.pause();
    act.session.updateAgentState('listening');
    if (!wasPaused) {
      act.events.emit({ type: 'interruption', speechId: current.id, cause: why, paused: true });
      act.tracer.emit(current, 'paused', why);
    }
  } else {
    act.events.emit({ type: 'interruption', speechId: current.id, cause: why, paused: false });
    act.rtSession?.interrupt();
    act.tracer.interrupt(current, why);
  }
}

/**
 * Arms the false-interruption timer: if no user turn took over when it fires, the paused
 * speech resumes (where the output can pause) and `agent_false_interruption` tells whether.
 */
export function startFalseInterruptionTimer(act: AgentActivity, timeoutMs: number): void {
  act.falseInterruptionTimer?.cancel();
  act.falseInterruptionTimer = act.clock.setTimer(() => {
    act.falseInterruptionTimer = null;
    const paused = act.pausedSpeech;
    const current = act.currentSpeech;
    if (!paused || (current && current !== paused)) {
      // a new speech already took over
      act.pausedSpeech = null;
      return;
    }
    let resumed = false;
    const audio = act.session.outputAudio;
    if (act.session.options.resumeFalseInterruption && audio && audio.canPause && !paused.done()) {
      act.session.updateAgentState('speaking');
      audio.resume();
      resumed = true;
      act.tracer.emit(paused, 'resumed');
    }
    act.events.emit({ type: 'agent_false_interruption', resumed });
    act.pausedSpeech = null;
  }, timeoutMs);
}

/**
 * A real user turn arrived: stop the false-interruption timer and, with `interrupt`, turn the
 * pause into a real interruption (waiting until the speech's step is over); then resume the
 * output so the next speech is not born paused.
 */
export async function cancelSpeechPause(
  act: AgentActivity,
  opts: { oldTask?: Task | null; interrupt?: boolean } = {},
): Promise<void> {
  if (opts.oldTask) await opts.oldTask.promise.catch(() => undefined); // reported by the owner
  if (act.falseInterruptionTimer) {
    act.falseInterruptionTimer.cancel();
    act.falseInterruptionTimer = null;
  }
  const paused = act.pausedSpeech;
  if (!paused) return;
  if ((opts.interrupt ?? true) && !paused.interrupted && paused.allowInterruptions) {
    act.tracer.interrupt(paused, 'user_turn');
    // a speech paused during the min-consecutive-speech delay was never authorized
    await paused.waitForGeneration().catch(() => undefined);
  }
  act.pausedSpeech = null;
  const audio = act.session.outputAudio;
  if (act.session.options.resumeFalseInterruption && audio) audio.resume();
}

/** Starts the task that cancels a pause, chained after the previous one (upstream on_final_transcript). */
export function spawnCancelSpeechPause(act: AgentActivity): void {
  const oldTask = act.cancelSpeechPauseTask;
  act.cancelSpeechPauseTask = act.owner.spawn('activity.cancel_speech_pause', () =>
    cancelSpeechPause(act, { oldTask }),
  );
}
