/**
 * The engine's public surface: what the studio, the providers, the simulation and the CLI may
 * use. Everything else under engine/ is internal and may change without notice.
 */
export {
  AgentSession,
  type AgentSessionInit,
  type SessionStartArgs,
  type CloseReason,
} from './voice/agent-session';
export { TypedTextInput } from './voice/text-input';
export { Agent, type AgentInit, type ModelSettings, type TurnDetectionSetting } from './voice/agent';
export {
  SpeechHandle,
  SPEECH_PRIORITY_HIGH,
  SPEECH_PRIORITY_LOW,
  SPEECH_PRIORITY_NORMAL,
  type InputDetails,
} from './voice/speech-handle';
export {
  functionTool,
  isFunctionTool,
  RunContext,
  StopResponse,
  ToolError,
  ToolContext,
  type FunctionTool,
  type FunctionToolInit,
  type ToolFlags,
  type ToolSession,
} from './llm/tool-context';
export {
  ChatContext,
  type ChatItem,
  type ChatMessage,
  type FunctionCallItem,
  type FunctionCallOutputItem,
} from './llm/chat-context';
export type {
  LLM,
  LLMStream,
  ChatChunk,
  ChatOptions,
  ToolChoice,
  ToolDefinition,
  FunctionToolCall,
} from './llm/llm';
export type { MCPServerLike } from './llm/mcp';
export {
  RealtimeModel,
  RealtimeSession,
  RealtimeError,
  type RealtimeCapabilities,
  type RealtimeModality,
  type RealtimeMetrics,
  type RealtimeModelError,
  type RealtimeSessionEvents,
  type GenerationCreatedEvent,
  type MessageGeneration,
  type InputTranscriptionCompleted,
  type TruncateOptions,
} from './llm/realtime';
export { toToolDefinitions, type Tool } from './llm/tool-context';
export { shortId } from './llm/chat-context';
export { Channel } from './base/channel';
export type { STT, STTCapabilities, STTStream, SpeechEvent, SpeechEventType, SpeechData } from './stt/stt';
export type { TTS, TTSCapabilities, SynthesizeStream, SynthesizedAudio } from './tts/tts';
export type { VAD, VADStream, VADEvent, VADEventType } from './vad/vad';
export type { EndOfTurnModel } from './voice/end-of-turn';
export {
  AudioOutput,
  TextOutput,
  type AudioInput,
  type PlaybackFinishedEvent,
  type PlaybackStartedEvent,
} from './voice/io';
export { makeFrame, silenceFrame, frameDurationMs, type AudioFrame } from './audio/frame';
export { LinearResampler, resampleClip } from './audio/resample';
export { RealClock, instantOf, type Clock, type TimerHandle } from './base/clock';
export { VirtualClock } from './base/virtual-clock';
export { EventBus, type EngineEvent, type EngineEventInput, type EventSink } from './event-bus';
export { errorText } from './base/errors';
export { CancelledError, abortable, isCancelled } from './base/tasks';
export { PacedPlayback, type PacedSegment } from './voice/paced-playback';
export { compileToolSchema, ToolSchemaError } from './llm/tool-schema';
export type { CompletionUsage } from './llm/llm';
export {
  BasicSentenceTokenizer,
  BufferedSentenceStream,
  type SentenceStream,
  type SentenceTokenizer,
} from './tokenize';
/** The scripted-provider kit (scenario runner, the studio's `simulated` provider, tests). */
export * from './testing/scripted';
export { eventLogger, silentLogger, type Logger as EngineLogger } from './base/logger';
