/**
 * The user's side of a turn (the seed's "recognition hooks" region, `_preemptive_generation`,
 * `_cancel_preemptive_generation` and `_user_turn_completed_task`): user speaking state, the
 * user-silence gate and interruptions (through the InterruptionController), the end of a turn
 * and the preemptive reply. This class alone owns "the STT saw the end of speech", the running
 * turn-completion task and the preemptive reply. The hooks are synchronous; anything async runs
 * as an owned task. What happens once a turn ended is user-turn-completed.ts.
 */
import type { SessionOptions } from '../../../../shared/config';
import type { UserState } from '../../../../shared/engine-events';
import type { Clock } from '../../base/clock';
import type { Task } from '../../base/tasks';
import type { EventSink } from '../../event-bus';
import { shortId, type ChatContext, type ChatMessage } from '../../llm/chat-context';
import type { ToolChoice } from '../../llm/llm';
import type { FunctionTool } from '../../llm/tool-context';
import type { SpeechEvent } from '../../stt/stt';
import { splitWords } from '../../tokenize/basic';
import type { VADEvent } from '../../vad/vad';
import type { EndOfTurnInfo, PreemptiveGenerationInfo, TurnDetectionMode } from '../recognition-hooks';
import type { SpeechHandle } from '../speech-handle';
import type { InterruptionController } from './interruption-controller';

/** A reply started on the final transcript, before the end of turn (upstream `_PreemptiveGeneration`). */
export interface PreemptiveGeneration {
  speechHandle: SpeechHandle;
  userMessage: ChatMessage;
  info: PreemptiveGenerationInfo;
  chatCtx: ChatContext;
  tools: FunctionTool[];
  toolChoice: ToolChoice | null;
  createdAt: number;
}

/** What the activity runs with, read at each hook (providers may change on a hot update). */
export interface TurnInputs {
  /** An STT transcribes the user. */
  stt: boolean;
  /** Audio recognition is running (between start/resume and pause/close). */
  recognition: boolean;
  /** A realtime model transcribes the user itself: local transcripts are ignored. */
  realtimeTranscribes: boolean;
  /** A text LLM (not a realtime model) answers: preemptive replies are possible. */
  textLlm: boolean;
}

export interface UserTurnDeps {
  clock: Clock;
  events: EventSink;
  interruptions: Pick<
    InterruptionController,
    | 'userStartedSpeaking'
    | 'userStoppedSpeaking'
    | 'setUserSilent'
    | 'onUserActivity'
    | 'transcriptAfterSpeech'
    | 'spawnCancelPause'
  >;
  tracer: { cancel(handle: SpeechHandle, cause: string): void };
  options(): Pick<
    SessionOptions,
    'minInterruptionDurationMs' | 'minEndpointingDelayMs' | 'minInterruptionWords' | 'preemptiveGeneration'
  >;
  turnDetection(): TurnDetectionMode | null;
  inputs(): TurnInputs;
  currentSpeech(): SpeechHandle | null;
  schedulingPaused(): boolean;
  /** The session's user side. */
  user: {
    updateUserState(state: UserState, opts?: { lastSpeakingTime?: number }): void;
    userInputTranscribed(ev: {
      transcript: string;
      isFinal: boolean;
      language: string | null;
      speakerId: string | null;
    }): void;
  };
  /** While the session closes, the user's last words still join the history without a reply. */
  keepUserMessageWhileClosing(msg: ChatMessage): void;
  warn(message: string): void;
  /** What a reply would be generated with now: a copy of the agent's context, tools, tool choice. */
  replyInputs(): { chatCtx: ChatContext; tools: FunctionTool[]; toolChoice: ToolChoice | null };
  /** Starts generating a reply to `userMessage` on `chatCtx` without scheduling it. */
  startPreemptiveReply(userMessage: ChatMessage, chatCtx: ChatContext): SpeechHandle;
  /**
   * Starts the task that completes a turn (user-turn-completed.ts), after `oldTask`; the turn
   * is outdated once `isCurrentTurn` is false.
   */
  spawnTurnCompletion(info: EndOfTurnInfo, oldTask: Task | null, isCurrentTurn: () => boolean): Task;
}

/** The user message of a turn, stamped now. */
export function newUserMessage(clock: Clock, transcript: string, confidence: number): ChatMessage {
  return {
    type: 'message',
    id: shortId('item'),
    role: 'user',
    content: transcript,
    interrupted: false,
    createdAt: clock.now(),
    transcriptConfidence: confidence,
  };
}

export class UserTurnController {
  /** The STT reported the end of speech (no VAD event): only ongoing speech interrupts then. */
  private sttEosReceived = false;
  private turnTask: Task | null = null;
  private preemptive: PreemptiveGeneration | null = null;

  constructor(private readonly deps: UserTurnDeps) {}

  /** The reply started before the end of turn, if any (read-only view). */
  get preemptiveReply(): Readonly<PreemptiveGeneration> | null {
    return this.preemptive;
  }

  /** Takes the preemptive reply for the completed turn: it is no longer this controller's. */
  takePreemptive(): PreemptiveGeneration | null {
    const pre = this.preemptive;
    this.preemptive = null;
    return pre;
  }

  /** Drops a preemptive reply that will not be used (upstream `_cancel_preemptive_generation`). */
  cancelPreemptive(reason: string): void {
    const pre = this.takePreemptive();
    if (!pre) return;
    this.deps.tracer.cancel(pre.speechHandle, 'preemptive_discarded');
    this.deps.events.emit({
      type: 'preemptive_generation',
      phase: 'discarded',
      speechId: pre.speechHandle.id,
      reason,
    });
  }

  onStartOfSpeech(ev: VADEvent | null): void {
    const { deps } = this;
    let startedAt = deps.clock.now();
    if (ev) startedAt -= ev.speechDurationMs;
    deps.user.updateUserState('speaking', { lastSpeakingTime: startedAt });
    this.sttEosReceived = false;
    // the user speaks again: keep the pause, but no resume until they stop
    deps.interruptions.userStartedSpeaking();
  }

  onEndOfSpeech(ev: VADEvent | null): void {
    const { deps } = this;
    let endedAt = deps.clock.now();
    if (ev) endedAt -= ev.silenceDurationMs;
    else this.sttEosReceived = true;
    deps.user.updateUserState('listening', { lastSpeakingTime: endedAt });
    deps.interruptions.userStoppedSpeaking();
  }

  onVadInferenceDone(ev: VADEvent): void {
    const { deps } = this;
    if (this.manualOrRealtime()) return;
    const opts = deps.options();
    const activeSpeech = ev.speechDurationMs >= opts.minInterruptionDurationMs;
    // The STT may end the turn before the VAD does: then only still-ongoing speech interrupts.
    if (
      activeSpeech &&
      (deps.turnDetection() !== 'stt' || !this.sttEosReceived || ev.rawAccumulatedSilenceMs === 0)
    ) {
      deps.interruptions.onUserActivity('vad');
    }
    // short pauses between words do not open the gate
    deps.interruptions.setUserSilent(
      !(ev.speaking && ev.rawAccumulatedSilenceMs <= opts.minEndpointingDelayMs / 2),
    );
  }

  onInterimTranscript(ev: SpeechEvent, speaking: boolean | null): void {
    if (this.deps.inputs().realtimeTranscribes) return;
    const text = this.transcribed(ev, false);
    if (text && !this.manualOrRealtime()) {
      this.deps.interruptions.onUserActivity('stt');
      this.deps.interruptions.transcriptAfterSpeech(speaking);
    }
  }

  onFinalTranscript(ev: SpeechEvent, speaking: boolean | null): void {
    const inputs = this.deps.inputs();
    if (inputs.realtimeTranscribes) return;
    this.transcribed(ev, true);
    // The VAD may have missed the speech: the transcript interrupts (idempotent).
    if (inputs.recognition && !this.manualOrRealtime()) {
      this.deps.interruptions.onUserActivity('stt');
      this.deps.interruptions.transcriptAfterSpeech(speaking);
    }
    this.deps.interruptions.spawnCancelPause();
  }

  onPreemptiveGeneration(info: PreemptiveGenerationInfo): void {
    const { deps } = this;
    const current = deps.currentSpeech();
    if (
      !deps.options().preemptiveGeneration ||
      deps.schedulingPaused() ||
      (current !== null && !current.interrupted) ||
      !deps.inputs().textLlm
    ) {
      return;
    }
    this.cancelPreemptive('new_transcript');
    const userMessage = newUserMessage(deps.clock, info.newTranscript, info.transcriptConfidence);
    const { chatCtx, tools, toolChoice } = deps.replyInputs();
    const speechHandle = deps.startPreemptiveReply(userMessage, chatCtx);
    this.preemptive = {
      speechHandle,
      userMessage,
      info,
      chatCtx: chatCtx.copy(),
      tools,
      toolChoice,
      createdAt: deps.clock.now(),
    };
    deps.events.emit({ type: 'preemptive_generation', phase: 'started', speechId: speechHandle.id });
  }

  /**
   * The user's turn ended. Returning false refuses it (recognition keeps the transcript): a turn
   * too short to interrupt the current speech under minInterruptionWords.
   */
  onEndOfTurn(info: EndOfTurnInfo): boolean {
    const { deps } = this;
    if (deps.schedulingPaused()) {
      this.cancelPreemptive('scheduling_paused');
      deps.warn('skipping user input, speech scheduling is paused');
      deps.keepUserMessageWhileClosing(
        newUserMessage(deps.clock, info.newTranscript, info.transcriptConfidence),
      );
      return true;
    }
    const current = deps.currentSpeech();
    const minWords = deps.options().minInterruptionWords;
    if (
      deps.inputs().stt &&
      deps.turnDetection() !== 'manual' &&
      current &&
      current.allowInterruptions &&
      !current.interrupted &&
      minWords > 0 &&
      splitWords(info.newTranscript, { splitCharacter: true }).length < minWords
    ) {
      this.cancelPreemptive('min_interruption_words');
      return false;
    }
    const task = deps.spawnTurnCompletion(info, this.turnTask, () => this.turnTask === task);
    this.turnTask = task;
    return true;
  }

  private manualOrRealtime(): boolean {
    const td = this.deps.turnDetection();
    return td === 'manual' || td === 'realtime_llm';
  }

  private transcribed(ev: SpeechEvent, isFinal: boolean): string {
    const alt = ev.alternatives[0];
    const text = alt?.text ?? '';
    this.deps.user.userInputTranscribed({
      transcript: text,
      isFinal,
      language: alt?.language ?? null,
      speakerId: alt?.speakerId ?? null,
    });
    return text;
  }
}
