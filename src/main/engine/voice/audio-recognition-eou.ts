/**
 * End-of-turn detection (upstream `_run_eou_detection` / `_bounce_eou_task`). Every trigger
 * (VAD end of speech, a final transcript while silent, STT end of speech, a manual commit)
 * restarts one countdown; new speech cancels it. The countdown is measured from the last time
 * the user spoke, not from the trigger, so a late trigger (VAD end of speech arrives after its
 * silence window) can end the turn at once.
 */
import type { Clock } from '../base/clock';
import type { AsyncEvent, Task, TaskOwner } from '../base/tasks';
import type { EventSink } from '../event-bus';
import type { ChatContext } from '../llm/chat-context';
import { decideEndpointingDelay, type EndOfTurnModel, type EndpointingDecision } from './end-of-turn';
import { callHook, waitWithTimeout, type RecognitionState } from './audio-recognition-state';
import type { EndOfTurnInfo, RecognitionHooks } from './recognition-hooks';

export interface EndOfTurnEnv {
  clock: Clock;
  events: EventSink;
  hooks: RecognitionHooks;
  state: RecognitionState;
  owner: TaskOwner;
  /** Set when recognition closes: a pending countdown then ends at once (upstream waits on it). */
  closing: AsyncEvent;
  hasStt(): boolean;
  reportError(source: string, err: unknown, recoverable?: boolean): void;
}

/** Speech timing copied when the countdown starts (the live values change while it waits). */
interface TurnTiming {
  lastSpeakingTime: number | null;
  lastFinalTranscriptTime: number | null;
  speechStartTime: number | null;
}

export class EndOfTurnRunner {
  private task: Task<void> | null = null;

  constructor(private readonly env: EndOfTurnEnv) {}

  /** A countdown exists and has not finished. */
  get pending(): boolean {
    return this.task !== null && !this.task.done;
  }

  /** A countdown was started (it may be done); upstream checks `_end_of_turn_task is None`. */
  get hasTask(): boolean {
    return this.task !== null;
  }

  cancel(): void {
    this.task?.cancel('end of turn: cancelled');
  }

  /** Cancels and forgets the countdown (turn detection switched to or from manual). */
  discard(): void {
    this.cancel();
    this.task = null;
  }

  /** Waits for the countdown to finish; during close it runs to its end without its wait. */
  async wait(): Promise<void> {
    const t = this.task;
    if (t) await t.promise.catch(() => undefined);
  }

  run(chatCtx: ChatContext, skipReply = false): void {
    const { state: s, clock } = this.env;
    // With an STT, a turn without words is not a turn (unless the app commits it by hand).
    if (this.env.hasStt() && !s.audioTranscript && s.turnDetectionMode !== 'manual') return;

    const ctx = chatCtx.copy();
    ctx.addMessage({ role: 'user', content: s.audioTranscript, createdAt: clock.now() });
    // The model judges words; a manual commit is the user's own decision, so no model there.
    const model = s.audioTranscript && s.turnDetectionMode !== 'manual' ? s.turnDetector : null;

    this.task?.cancel('end of turn: restarted');
    const timing: TurnTiming = {
      lastSpeakingTime: s.lastSpeakingTime,
      lastFinalTranscriptTime: s.lastFinalTranscriptTime,
      speechStartTime: s.speechStartTime,
    };
    this.task = this.env.owner.spawn('audio_recognition.end_of_turn', (signal) =>
      this.bounce(ctx, model, timing, skipReply, signal),
    );
  }

  private async bounce(
    chatCtx: ChatContext,
    model: EndOfTurnModel | null,
    timing: TurnTiming,
    skipReply: boolean,
    signal: AbortSignal,
  ): Promise<void> {
    const { state: s, clock } = this.env;
    // asyncio.create_task starts the task after the caller returns; callers rely on that
    // (commitUserTurn sets userTurnCommitted after starting the countdown).
    await Promise.resolve();
    signal.throwIfAborted();

    let decision: EndpointingDecision = {
      delayMs: s.minEndpointingDelayMs,
      probability: null,
      unlikelyThreshold: null,
      error: null,
    };
    if (model) {
      decision = await decideEndpointingDelay({
        model,
        chatCtx,
        language: s.lastLanguage,
        minEndpointingDelayMs: s.minEndpointingDelayMs,
        maxEndpointingDelayMs: s.maxEndpointingDelayMs,
        signal,
      });
      if (decision.error) this.env.reportError('end_of_turn.predict', decision.error);
    }

    let extraSleep = decision.delayMs;
    if (timing.lastSpeakingTime !== null) extraSleep += timing.lastSpeakingTime - clock.now();
    if (extraSleep > 0) {
      await waitWithTimeout(clock, extraSleep, (sig) => this.env.closing.wait(sig), signal);
      signal.throwIfAborted();
    }

    const info = this.turnInfo(timing, skipReply);
    const committed = callHook(this.env, 'onEndOfTurn', () => this.env.hooks.onEndOfTurn(info)) === true;
    this.env.events.emit({
      type: 'end_of_turn',
      transcript: info.newTranscript,
      delayMs: decision.delayMs,
      probability: decision.probability,
      committed,
      userStoppedAt: timing.lastSpeakingTime,
      transcriptAt: timing.lastFinalTranscriptTime,
    });
    // A turn the activity did not take keeps its transcript: the next trigger retries it.
    if (committed) s.resetCommittedTurn();
    s.userTurnCommitted = false;
  }

  private turnInfo(timing: TurnTiming, skipReply: boolean): EndOfTurnInfo {
    const { state: s, clock } = this.env;
    const info: EndOfTurnInfo = {
      skipReply,
      newTranscript: s.audioTranscript,
      transcriptConfidence: s.confidenceAverage(),
      startedSpeakingAt: null,
      stoppedSpeakingAt: null,
      transcriptionDelayMs: 0,
      endOfTurnDelayMs: null,
    };
    // Without all three anchors the VAD/STT timing was unreliable: report nothing rather than
    // a likely wrong number (upstream's rule).
    const { lastSpeakingTime, lastFinalTranscriptTime, speechStartTime } = timing;
    if (lastFinalTranscriptTime !== null && lastSpeakingTime !== null && speechStartTime !== null) {
      info.startedSpeakingAt = speechStartTime;
      info.stoppedSpeakingAt = lastSpeakingTime;
      info.transcriptionDelayMs = Math.max(lastFinalTranscriptTime - lastSpeakingTime, 0);
      info.endOfTurnDelayMs = clock.now() - lastSpeakingTime;
    }
    return info;
  }
}
