/**
 * The scripted-provider kit, one door: the scripted LLM, TTS, STT and VAD on the injected clock,
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
  TimedRealtimeModel,
  TimedRealtimeSession,
  TIMED_REALTIME_LABEL,
  type RealtimeCallRecord,
  type TimedGeneration,
  type TimedRealtimeEvent,
  type TimedRealtimeInit,
  type TimedRealtimeMessage,
  type TimedRealtimeReply,
} from './timed-realtime';
