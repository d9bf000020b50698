/**
 * Simulated providers for prototyping without API cost: a scripted LLM, a timed TTS, and a
 * simulated caller whose real synthesized speech the real VAD hears while an oracle STT
 * transcribes what it knows was said.
 */
export { tableLlm, type SimulatedLlmConfig, type SimulatedLlmRequest, type TableLLM } from './table-llm';
export { ScriptedVoiceTTS, spokenDurationMs, type SimulatedTtsConfig } from './scripted-voice-tts';
export { oracleFeed, oracleStt, wordsHeard, type SimulatedSttConfig } from './oracle-stt';
export {
  ScriptedCaller,
  DEFAULT_AFTER_AGENT_DONE_MS,
  type CallerSpeechEvent,
  type CallerSpeechSource,
  type CallerUtterance,
} from './scripted-caller';
export {
  localCallerVoice,
  prepareLine,
  voicedRegion,
  type CallerLine,
  type CallerVoice,
  type SpokenAudio,
} from './caller-voice';
export { InputTable, compileInput } from './input-match';
