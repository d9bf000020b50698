/**
 * The state AudioRecognition's VAD, STT and end-of-turn parts share (upstream keeps it on the
 * one AudioRecognition object; here it is split out so each concern can live in its own file).
 */
import { offAbort, onAbort } from '../base/abort-hub';
import type { Clock } from '../base/clock';
import { AsyncEvent, CancelledError } from '../base/tasks';
import type { EventSink } from '../event-bus';
import type { ChatContext } from '../llm/chat-context';
import { isEndOfTurnModel, type EndOfTurnModel } from './end-of-turn';
import type { RecognitionHooks, TurnDetectionMode } from './recognition-hooks';

/** Below this many characters a transcript's language guess is not trusted (upstream value). */
export const MIN_LANGUAGE_DETECTION_LENGTH = 5;

export type TurnDetectionName = Exclude<TurnDetectionMode, EndOfTurnModel>;

export class RecognitionState {
  minEndpointingDelayMs: number;
  maxEndpointingDelayMs: number;
  turnDetector: EndOfTurnModel | null = null;
  turnDetectionMode: TurnDetectionName | null = null;
  /** VAD end of speech ends the turn: mode "vad", or no mode (the default, or a model). */
  vadBaseTurnDetection = true;
  /** The user turn ended (STT end of speech or a manual commit) but its EOU task has not finished. */
  userTurnCommitted = false;

  sampleRate: number | null = null;
  speaking = false;

  lastFinalTranscriptTime: number | null = null;
  lastSpeakingTime: number | null = null;
  speechStartTime: number | null = null;

  /** Set on every final transcript; commitUserTurn waits on it. */
  readonly finalTranscriptReceived = new AsyncEvent();
  finalTranscriptConfidence: number[] = [];
  audioTranscript = '';
  audioInterimTranscript = '';
  /** Finals so far plus the STT's preflight guess, for STTs that emit preflight transcripts. */
  audioPreflightTranscript = '';
  lastLanguage: string | null = null;

  constructor(init: {
    minEndpointingDelayMs: number;
    maxEndpointingDelayMs: number;
    turnDetection: TurnDetectionMode | null;
  }) {
    this.minEndpointingDelayMs = init.minEndpointingDelayMs;
    this.maxEndpointingDelayMs = init.maxEndpointingDelayMs;
    this.setTurnDetection(init.turnDetection);
  }

  /** Applies a turn detection setting; returns the previous string mode. */
  setTurnDetection(td: TurnDetectionMode | null): TurnDetectionName | null {
    const previous = this.turnDetectionMode;
    this.turnDetector = isEndOfTurnModel(td) ? td : null;
    this.turnDetectionMode = typeof td === 'string' ? td : null;
    this.vadBaseTurnDetection = this.turnDetectionMode === 'vad' || this.turnDetectionMode === null;
    return previous;
  }

  /** Mean confidence of the turn's finals, 0 without any. */
  confidenceAverage(extra: number[] = []): number {
    const vals = [...this.finalTranscriptConfidence, ...extra];
    return vals.length > 0 ? vals.reduce((a, b) => a + b, 0) / vals.length : 0;
  }

  /** Adopts a transcript's language unless a short transcript would overwrite a known one. */
  noteLanguage(transcript: string, language: string | null): void {
    if (!this.lastLanguage || (language && transcript.length > MIN_LANGUAGE_DETECTION_LENGTH)) {
      this.lastLanguage = language;
    }
  }

  /** Forgets the committed turn so the next one starts clean. */
  resetCommittedTurn(): void {
    this.audioTranscript = '';
    this.finalTranscriptConfidence = [];
    this.lastSpeakingTime = null;
    this.lastFinalTranscriptTime = null;
    this.speechStartTime = null;
  }
}

/** What the VAD and STT handlers need from the recognizer that owns them. */
export interface RecognitionContext {
  readonly clock: Clock;
  readonly events: EventSink;
  readonly hooks: RecognitionHooks;
  readonly state: RecognitionState;
  readonly hasVad: boolean;
  readonly hasStt: boolean;
  /** Label of the STT, for STT metrics. */
  readonly sttLabel: string;
  /** Starts (or restarts) the end-of-turn countdown for the current transcript. */
  runEouDetection(chatCtx: ChatContext, skipReply?: boolean): void;
  cancelEndOfTurn(): void;
  /** An end-of-turn task exists and has not finished. */
  readonly endOfTurnPending: boolean;
  /** Surfaces an error as an `error` event; recognition carries on. */
  reportError(source: string, err: unknown, recoverable?: boolean): void;
}

/** Calls a hook, turning a throw into an `error` event so one bad hook cannot stop recognition. */
export function callHook<T>(
  ctx: Pick<RecognitionContext, 'reportError'>,
  name: string,
  fn: () => T,
): T | undefined {
  try {
    return fn();
  } catch (err) {
    ctx.reportError(`recognition_hooks.${name}`, err);
    return undefined;
  }
}

/**
 * Waits for `wait` up to `timeoutMs` on the clock (asyncio.wait_for with the timeout swallowed):
 * true when it finished, false on timeout. Whichever loses is aborted, so no timer or waiter is
 * left behind; aborting `signal` rejects.
 */
export async function waitWithTimeout(
  clock: Clock,
  timeoutMs: number,
  wait: (signal: AbortSignal) => Promise<void>,
  signal: AbortSignal,
): Promise<boolean> {
  signal.throwIfAborted();
  const ctrl = new AbortController();
  const entry = onAbort(signal, () => ctrl.abort(signal.reason));
  try {
    return await Promise.race([
      wait(ctrl.signal).then(() => true),
      clock.sleep(timeoutMs, ctrl.signal).then(() => false),
    ]);
  } finally {
    offAbort(entry);
    ctrl.abort(new CancelledError('waitWithTimeout: settled'));
  }
}
