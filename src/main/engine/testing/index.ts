/**
 * The engine's test support and scripted providers, one door: the scripted LLM, TTS, STT and VAD
 * on the injected clock (used by unit tests, scenario files and the studio's `simulated` provider).
 */
export {
  ScriptedStream,
  ScriptedInputStream,
  timedFeed,
  type Scripted,
  type ScriptedStreamInit,
  type ScriptedInputInit,
  type StreamFeed,
} from './scripted/stream';
export {
  ScriptedLLM,
  llmLookupKey,
  timedReplyPlan,
  LLM_CHUNK_CHARS,
  type LlmDriver,
  type LlmPlan,
  type ScriptedLlmInit,
  type TimedLlmReply,
} from './scripted/llm';
export {
  ScriptedTTS,
  silenceFrames,
  SCRIPTED_TTS_SAMPLE_RATE,
  SCRIPTED_TTS_FRAME_MS,
  type ScriptedTtsInit,
  type TimedTtsReply,
  type TtsSegmentRecord,
} from './scripted/tts';
export { ScriptedSTT, ScriptedVAD, type ScriptedRecognizerInit } from './scripted/recognition';
