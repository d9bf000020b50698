/**
 * What the timeline draws, derived from engine events: spans and marks in session ms. These are
 * mutable records the model updates in place as later events close or resolve them, so a batch
 * costs work proportional to its size, never to the session's length.
 */
import type {
  AgentState,
  SpeechLifecycleState,
  SpeechSource,
  UserState,
} from '../../../../../shared/engine-events';
import type { Span } from './span-index';

export interface StateSpan<S extends string> extends Span {
  state: S;
}
export type UserSpan = StateSpan<UserState>;
export type AgentSpan = StateSpan<AgentState>;

export interface TranscriptMark {
  t: number;
  text: string;
  final: boolean;
}

/**
 * An end-of-turn decision: when the user stopped speaking (the start of the silence the decision
 * spanned, transcription delay included), the endpointing delay the detector chose, and whether
 * the activity took it.
 */
export interface EotMark {
  t: number;
  /** Start of the decision's silence: `userStoppedAt`, else (older recordings) `t - delayMs`. */
  startAt: number;
  delayMs: number;
  probability: number | null;
  committed: boolean;
  transcript: string;
}

/** What a speech bar shows; `interrupted` sticks once reached, whatever follows. */
export type SpeechDisplayState =
  'created' | 'scheduled' | 'authorized' | 'playing' | 'paused' | 'resumed' | 'interrupted' | 'done';

export interface SpeechPhase {
  state: SpeechLifecycleState;
  t: number;
  cause?: string;
}

export interface SpeechBar extends Span {
  id: string;
  source: SpeechSource | null;
  priority: number | null;
  allowInterruptions: boolean | null;
  userInitiated: boolean | null;
  /** What the agent said or was to say: the speech's text, else its TTS text. */
  text: string;
  phases: SpeechPhase[];
  state: SpeechDisplayState;
  interruptCause: string | null;
  /** A realtime reply cut on the server at this much heard audio, ms (conversation.item.truncate); else null. */
  truncatedAtMs: number | null;
  /** Row inside the speech-queue lane, so overlapping speeches do not hide each other. */
  row: number;
}

export interface RequestSpan extends Span {
  kind: 'llm' | 'tts';
  requestId: string;
  speechId: string | null;
  /** First token (LLM) or first audio byte (TTS). */
  firstAt: number | null;
  error: string | null;
  text: string | null;
  tools: string[];
}

export interface ToolSpan extends Span {
  callId: string;
  name: string;
  arguments: string;
  speechId: string | null;
  output: string | null;
  isError: boolean;
}

/**
 * An interruption: immediate (the speech stops) or a pause that a false-interruption check
 * resolves later — resumed, not resumed, or turned into a real interruption.
 */
export interface InterruptionMark {
  t: number;
  speechId: string | null;
  cause: string;
  paused: boolean;
  outcome: 'interrupted' | 'pending' | 'resumed' | 'not_resumed';
  resolvedAt: number | null;
}

export interface PreemptiveSpan extends Span {
  speechId: string;
  outcome: 'pending' | 'used' | 'discarded';
  reason: string | null;
}

/** A provider request that failed and is tried again after `delayMs`; drawn on the LLM/TTS lane. */
export interface RetryMark {
  t: number;
  kind: 'llm' | 'stt' | 'tts';
  provider: string;
  setting: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  reason: string;
  code: string;
}

export type MarkerKind = 'config' | 'handoff' | 'provider' | 'error' | 'warning' | 'close';

export interface Marker {
  t: number;
  kind: MarkerKind;
  label: string;
  detail: string;
}
