/**
 * The scripted-provider kit, one door: the scripted LLM, TTS, STT, VAD and realtime model on the injected clock,
 * driven by a timed script (unit tests, scenario files) or a lookup table / feed (the studio's
 * `simulated` provider). Product features (scenario runner, `simulated` provider) import this.
 */
export {
  ScriptedStream,
  ScriptedInputStream,
  timedFeed,
  type Scripted,
  type ScriptedStreamInit,
  type ScriptedInputInit,
  type StreamFeed,
} from './stream';
export {
  ScriptedLLM,
  llmLookupKey,
  timedReplyPlan,
  LLM_CHUNK_CHARS,
  type LlmDriver,
  type LlmPlan,
  type ScriptedLlmInit,
  type TimedLlmReply,
} from './llm';
export {
  ScriptedTTS,
  silenceFrames,
  SCRIPTED_TTS_SAMPLE_RATE,
  SCRIPTED_TTS_FRAME_MS,
  type ScriptedTtsInit,
  type TimedTtsReply,
  type TtsSegmentRecord,
} from './tts';
export { ScriptedSTT, ScriptedVAD, type ScriptedRecognizerInit } from './recognition';
export {
  ScriptedRealtimeModel,
  ScriptedRealtimeSession,
  scriptedReply,
  SCRIPTED_REALTIME_LABEL,
  type RealtimeCallRecord,
  type ScriptedGeneration,
  type ScriptedRealtimeEvent,
  type ScriptedRealtimeInit,
  type ScriptedRealtimeMessage,
  type ScriptedRealtimeReply,
} from './realtime';
