/**
 * Speech-to-speech models (port of livekit.agents.llm.realtime): the model keeps its own
 * conversation, does its own turn detection when it can, and answers with generations that carry
 * message streams (text and audio) and a function-call stream. The activity drives a session
 * through these methods and reacts to its events exactly as the seed does with `_rt_session`.
 */
import type { MetricsData } from '../../../shared/engine-events';
import type { AudioFrame } from '../audio/frame';
import { Emitter } from '../base/emitter';
import type { ChatContext, FunctionCallItem } from './chat-context';
import type { ToolChoice } from './llm';
import type { Tool, ToolContext } from './tool-context';

/** What the model can do; the activity branches on these (upstream RealtimeCapabilities). */
export interface RealtimeCapabilities {
  /** The server can cut its last message to what was heard. */
  messageTruncation: boolean;
  /** The server detects the user's turns (server VAD). */
  turnDetection: boolean;
  /** The server transcribes the user's audio. */
  userTranscription: boolean;
  /** The server answers tool outputs by itself. */
  autoToolReplyGeneration: boolean;
  /** The model speaks (otherwise text only, voiced by the session's TTS). */
  audioOutput: boolean;
  /** Tool calls can be answered by the client. */
  manualFunctionCalls: boolean;
}

export type RealtimeModality = 'text' | 'audio';

/** One assistant message of a generation (upstream MessageGeneration). */
export interface MessageGeneration {
  messageId: string;
  textStream: AsyncIterable<string>;
  audioStream: AsyncIterable<AudioFrame>;
  /** Which of the streams carry the message. */
  modalities: Promise<RealtimeModality[]>;
}

/** A response of the model (upstream GenerationCreatedEvent). */
export interface GenerationCreatedEvent {
  messageStream: AsyncIterable<MessageGeneration>;
  functionStream: AsyncIterable<FunctionCallItem>;
  /** True if the generation came from generateReply() rather than server-side turn detection. */
  userInitiated: boolean;
  /** Response id, used to attribute metrics. */
  responseId?: string | null;
}

export interface InputSpeechStoppedEvent {
  userTranscriptionEnabled: boolean;
}

export interface InputTranscriptionCompleted {
  /** Id of the user message in the model's conversation. */
  itemId: string;
  transcript: string;
  isFinal: boolean;
}

export interface RealtimeModelError {
  type: 'realtime_model_error';
  timestamp: number;
  label: string;
  error: Error;
  recoverable: boolean;
}

export type RealtimeMetrics = Extract<MetricsData, { type: 'realtime' }>;

export type RealtimeSessionEvents = {
  input_speech_started: Record<string, never>;
  input_speech_stopped: InputSpeechStoppedEvent;
  input_audio_transcription_completed: InputTranscriptionCompleted;
  generation_created: GenerationCreatedEvent;
  session_reconnected: Record<string, never>;
  metrics_collected: RealtimeMetrics;
  error: RealtimeModelError;
};

/** Raised by session calls that time out or are refused by the server. */
export class RealtimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RealtimeError';
  }
}

export abstract class RealtimeModel {
  constructor(readonly capabilities: RealtimeCapabilities) {}

  abstract get label(): string;

  get model(): string {
    return 'unknown';
  }

  get provider(): string {
    return 'unknown';
  }

  /** Opens a conversation with the model; one per agent activity. */
  abstract session(): RealtimeSession;

  abstract close(): Promise<void>;
}

export interface TruncateOptions {
  /** Id of the assistant message to cut (in the session's chat context). */
  messageId: string;
  modalities: RealtimeModality[];
  /** How much of the message's audio was played, ms. */
  audioEndMs: number;
  /** The text heard up to there, when known. */
  audioTranscript?: string;
}

export abstract class RealtimeSession extends Emitter<RealtimeSessionEvents> {
  constructor(readonly realtimeModel: RealtimeModel) {
    super();
  }

  /** The model's copy of the conversation. */
  abstract get chatCtx(): ChatContext;
  abstract get tools(): ToolContext;

  abstract updateInstructions(instructions: string): Promise<void>;
  /** May reject with RealtimeError (e.g. on timeout). */
  abstract updateChatCtx(chatCtx: ChatContext): Promise<void>;
  abstract updateTools(tools: Tool[]): Promise<void>;
  /** undefined leaves the option unchanged; null resets it. */
  abstract updateOptions(opts: { toolChoice?: ToolChoice | null }): void;

  abstract pushAudio(frame: AudioFrame): void;

  /** Asks for a response; resolves with its generation. May reject with RealtimeError. */
  abstract generateReply(opts?: { instructions?: string }): Promise<GenerationCreatedEvent>;

  /** Commits the input audio buffer (the user's turn ends here). */
  abstract commitAudio(): void;
  /** Drops the input audio buffer. */
  abstract clearAudio(): void;
  /** Cancels the current generation; a no-op when none runs. */
  abstract interrupt(): void;
  /** Cuts an assistant message to what the user heard. */
  abstract truncate(opts: TruncateOptions): void;

  abstract close(): Promise<void>;

  /** Tells the model the user started doing something (speaking), before it noticed. */
  startUserActivity(): void {}
}

/**
 * Tells a realtime (speech-to-speech) model apart from a text LLM: the activity branches on it
 * everywhere the seed does `isinstance(self.llm, llm.RealtimeModel)`.
 */
export function isRealtimeModel(v: unknown): v is RealtimeModel {
  return v instanceof RealtimeModel;
}
