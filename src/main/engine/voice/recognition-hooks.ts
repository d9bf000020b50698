/**
 * The contract between AudioRecognition and whoever consumes its results (the AgentActivity):
 * upstream's `RecognitionHooks` protocol, `_EndOfTurnInfo`, `_PreemptiveGenerationInfo`,
 * `TurnDetectionMode` and `io.STTNode`, in camelCase with times in ms on the session clock.
 *
 * The hooks are synchronous on purpose (as upstream): recognition calls them from inside its own
 * tasks, and a hook that awaited could be cancelled half-way when the next audio event arrives.
 * A hook that needs async work spawns it on its own task owner.
 */
import type { AudioFrame } from '../audio/frame';
import type { ChatContext } from '../llm/chat-context';
import type { SpeechEvent } from '../stt/stt';
import type { VADEvent } from '../vad/vad';
import type { EndOfTurnModel } from './end-of-turn';

/** What recognition hands over when it decides the user's turn ended (upstream `_EndOfTurnInfo`). */
export interface EndOfTurnInfo {
  /** True when a reply was already triggered elsewhere (realtime commit) and must not be repeated. */
  skipReply: boolean;
  /** The whole transcript of the turn (finals joined by spaces). */
  newTranscript: string;
  /** Mean confidence of the final transcripts of the turn; 0 when there were none. */
  transcriptConfidence: number;
  // Metrics report. Null when recognition could not measure them reliably (no VAD/STT timing).
  /** Clock time the user started speaking (first VAD inference with speech), ms. */
  startedSpeakingAt: number | null;
  /** Clock time the user last spoke, ms. */
  stoppedSpeakingAt: number | null;
  /** Final transcript time minus last speaking time (>= 0), ms. */
  transcriptionDelayMs: number | null;
  /** End-of-turn decision time minus last speaking time, ms. */
  endOfTurnDelayMs: number | null;
}

/** Handed over on each final (or preflight) transcript so a reply can start early. */
export interface PreemptiveGenerationInfo {
  newTranscript: string;
  transcriptConfidence: number;
  startedSpeakingAt: number | null;
}

/** Implemented by the AgentActivity; upstream `RecognitionHooks`. */
export interface RecognitionHooks {
  /** `ev` is null when the start came from the STT (stt turn detection). */
  onStartOfSpeech(ev: VADEvent | null): void;
  onVadInferenceDone(ev: VADEvent): void;
  /** `ev` is null when the end came from the STT (stt turn detection). */
  onEndOfSpeech(ev: VADEvent | null): void;
  /** `speaking` is null when recognition cannot know it (no VAD and not stt turn detection). */
  onInterimTranscript(ev: SpeechEvent, opts: { speaking: boolean | null }): void;
  onFinalTranscript(ev: SpeechEvent, opts?: { speaking?: boolean | null }): void;
  /** Returns false when the turn was not taken: recognition then keeps the transcript. */
  onEndOfTurn(info: EndOfTurnInfo): boolean;
  onPreemptiveGeneration(info: PreemptiveGenerationInfo): void;
  /** The agent's chat context, for the end-of-turn model (recognition copies it). */
  retrieveChatCtx(): ChatContext;
}

/**
 * How the end of the user's turn is found. A string picks the signal source; an EndOfTurnModel
 * means "default mode (VAD-based), refined by this model". Null lets recognition behave as the
 * default (VAD-based) mode; the activity resolves null to a concrete choice before passing it.
 */
export type TurnDetectionMode = 'stt' | 'vad' | 'realtime_llm' | 'manual' | EndOfTurnModel;

/**
 * The agent's STT stage (upstream `io.STTNode`): audio in, speech events out. It may return a
 * promise of the stream, or null to mean "no recognition". `signal` aborts when recognition stops
 * the stage; the node must then end its iteration and release its provider stream.
 */
export type STTNode = (
  audio: AsyncIterable<AudioFrame>,
  signal: AbortSignal,
) => AsyncIterable<SpeechEvent> | null | Promise<AsyncIterable<SpeechEvent> | null>;
