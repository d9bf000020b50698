/**
 * The paused-speech state of an activity (the seed's `_paused_speech`, `_false_interruption_timer`,
 * `_cancel_speech_pause_task` and `_user_silence_event`, with `_interrupt_by_audio_activity`,
 * `_on_false_interruption` and `_cancel_speech_pause`). User activity over an interruptible speech
 * either pauses the audio output (when it can pause and false interruptions may resume) or
 * interrupts the speech; a pause with no real user turn after it resumes the speech when the
 * false-interruption timer fires. This class alone reads and writes that state.
 */
import type { SessionOptions } from '../../../../shared/config';
import type { SpeechLifecycleState } from '../../../../shared/engine-events';
import type { Clock, TimerHandle } from '../../base/clock';
import { AsyncEvent, type Task, type TaskOwner } from '../../base/tasks';
import type { EventSink } from '../../event-bus';
import { splitWords } from '../../tokenize/basic';
import type { SpeechHandle } from '../speech-handle';

/** The part of the speech tracer the controller uses (interruptions and lifecycle marks). */
export interface InterruptionTracer {
  interrupt(handle: SpeechHandle, cause: string, force?: boolean): SpeechHandle;
  emit(handle: SpeechHandle, state: SpeechLifecycleState, cause?: string): void;
}

/** An audio output as far as pausing goes. */
export interface PausableOutput {
  readonly canPause: boolean;
  pause(): void;
  resume(): void;
}

export interface InterruptionDeps {
  clock: Clock;
  owner: TaskOwner;
  events: EventSink;
  tracer: InterruptionTracer;
  /** Read at each decision: hot option updates apply to the next one. */
  options(): Pick<
    SessionOptions,
    'resumeFalseInterruption' | 'falseInterruptionTimeoutMs' | 'minInterruptionWords'
  >;
  outputAudio(): PausableOutput | null;
  setAgentState(state: 'listening' | 'speaking'): void;
  currentSpeech(): SpeechHandle | null;
  /** The realtime session while there is one: told about user activity and interruptions. */
  realtime(): { startUserActivity(): void; interrupt(): void } | null;
  /** True when a realtime model's server detects turns: it decides interruptions itself. */
  serverDetectsTurns(): boolean;
  /** The uncommitted user transcript when minInterruptionWords can apply (an STT runs), else null. */
  pendingTranscript(): string | null;
}

export class InterruptionController {
  private pausedSpeech: SpeechHandle | null = null;
  private falseInterruptionTimer: TimerHandle | null = null;
  private cancelPauseTask: Task | null = null;
  /** Set while the user is silent; an interruptible speech waits for it before playing. */
  private readonly userSilence = new AsyncEvent();

  constructor(private readonly deps: InterruptionDeps) {
    this.userSilence.set();
  }

  /** The speech paused by user activity, waiting for a real turn or the false-interruption timer. */
  get paused(): SpeechHandle | null {
    return this.pausedSpeech;
  }

  /** True while the false-interruption timer is armed. */
  get timerArmed(): boolean {
    return this.falseInterruptionTimer !== null;
  }

  /** Resolves once the user is silent (at once if they are); rejects when `signal` aborts. */
  waitForUserSilence(signal?: AbortSignal): Promise<void> {
    return this.userSilence.wait(signal);
  }

  /** The user started speaking: the gate closes and a pending resume waits until they stop. */
  userStartedSpeaking(): void {
    this.userSilence.clear();
    this.cancelTimer();
  }

  /** The user stopped speaking: the gate opens and a paused speech gets its resume timer. */
  userStoppedSpeaking(): void {
    this.userSilence.set();
    this.armIfPaused();
  }

  /** VAD inference: short pauses between words keep the gate closed. */
  setUserSilent(silent: boolean): void {
    if (silent) this.userSilence.set();
    else this.userSilence.clear();
  }

  /** A transcript interrupted after the end of speech: nothing else will arm the timer. */
  transcriptAfterSpeech(speaking: boolean | null): void {
    if (speaking === false) this.armIfPaused();
  }

  /** Drops a pending resume (close, or a switch to or from manual turn detection). */
  cancelTimer(): void {
    if (this.falseInterruptionTimer) {
      this.falseInterruptionTimer.cancel();
      this.falseInterruptionTimer = null;
    }
  }

  /**
   * The user is audibly active (VAD long enough, or a transcript). With minInterruptionWords the
   * uncommitted transcript must be long enough first. Interruptible speech is paused when the
   * output can pause and false interruptions resume, else interrupted.
   */
  onUserActivity(cause: 'vad' | 'stt'): void {
    const { deps } = this;
    const opt = deps.options();
    const usePause = opt.resumeFalseInterruption && opt.falseInterruptionTimeoutMs !== null;
    if (deps.serverDetectsTurns()) return; // the server decides

    let why: string = cause;
    const transcript = opt.minInterruptionWords > 0 ? deps.pendingTranscript() : null;
    if (transcript !== null) {
      if (splitWords(transcript, { splitCharacter: true }).length < opt.minInterruptionWords) return;
      why = 'words';
    }

    deps.realtime()?.startUserActivity();
    const current = deps.currentSpeech();
    if (!current || current.interrupted || !current.allowInterruptions) return;

    const wasPaused = this.pausedSpeech === current;
    this.pausedSpeech = current;
    this.cancelTimer();
    const audio = deps.outputAudio();
    if (usePause && audio && audio.canPause) {
      audio.pause();
      deps.setAgentState('listening');
      if (!wasPaused) {
        deps.events.emit({ type: 'interruption', speechId: current.id, cause: why, paused: true });
        deps.tracer.emit(current, 'paused', why);
      }
    } else {
      deps.events.emit({ type: 'interruption', speechId: current.id, cause: why, paused: false });
      deps.realtime()?.interrupt();
      deps.tracer.interrupt(current, why);
    }
  }

  /**
   * A real user turn arrived: stop the false-interruption timer and, with `interrupt`, turn the
   * pause into a real interruption (waiting until the speech's step is over); then resume the
   * output so the next speech is not born paused. Waits first for the last pause-cancel task
   * started by a final transcript.
   */
  async settlePause(opts: { interrupt?: boolean } = {}): Promise<void> {
    await this.cancelSpeechPause(this.cancelPauseTask, opts.interrupt ?? true);
  }

  /** Final transcript: cancel the pause in a task chained after the previous one. */
  spawnCancelPause(): void {
    const oldTask = this.cancelPauseTask;
    this.cancelPauseTask = this.deps.owner.spawn('activity.cancel_speech_pause', () =>
      this.cancelSpeechPause(oldTask, true),
    );
  }

  /** The session part closes: settle the pause without interrupting (the scheduler drains it). */
  async closePause(): Promise<void> {
    await this.settlePause({ interrupt: false });
    this.cancelPauseTask = null;
  }

  private armIfPaused(): void {
    const timeout = this.deps.options().falseInterruptionTimeoutMs;
    if (this.pausedSpeech && timeout !== null) this.armTimer(timeout);
  }

  /**
   * If no user turn took over when the timer fires, the paused speech resumes (where the output
   * can pause) and `agent_false_interruption` tells whether.
   */
  private armTimer(timeoutMs: number): void {
    const { deps } = this;
    this.falseInterruptionTimer?.cancel();
    this.falseInterruptionTimer = deps.clock.setTimer(() => {
      this.falseInterruptionTimer = null;
      const paused = this.pausedSpeech;
      const current = deps.currentSpeech();
      if (!paused || (current && current !== paused)) {
        // a new speech already took over
        this.pausedSpeech = null;
        return;
      }
      let resumed = false;
      const audio = deps.outputAudio();
      if (deps.options().resumeFalseInterruption && audio && audio.canPause && !paused.done()) {
        deps.setAgentState('speaking');
        audio.resume();
        resumed = true;
        deps.tracer.emit(paused, 'resumed');
      }
      deps.events.emit({ type: 'agent_false_interruption', resumed });
      this.pausedSpeech = null;
    }, timeoutMs);
  }

  private async cancelSpeechPause(oldTask: Task | null, interrupt: boolean): Promise<void> {
    if (oldTask) await oldTask.promise.catch(() => undefined); // reported by the owner
    this.cancelTimer();
    const paused = this.pausedSpeech;
    if (!paused) return;
    if (interrupt && !paused.interrupted && paused.allowInterruptions) {
      this.deps.tracer.interrupt(paused, 'user_turn');
      // a speech paused during the min-consecutive-speech delay was never authorized
      await paused.waitForGeneration().catch(() => undefined);
    }
    this.pausedSpeech = null;
    const audio = this.deps.outputAudio();
    if (this.deps.options().resumeFalseInterruption && audio) audio.resume();
  }
}
