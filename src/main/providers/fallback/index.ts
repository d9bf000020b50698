/** Fallback chains: several LLMs, STTs or TTSs behind one interface, switching on failure. */
export { FallbackLLM, probeLlm, type FallbackLLMOptions } from './fallback-llm';
export { FallbackSTT, probeStt, type FallbackSTTOptions } from './fallback-stt';
export { FallbackTTS, probeTts, type FallbackTTSOptions } from './fallback-tts';
export { ProviderPool, type FallbackOptions, type Probe, type ProviderSwitchedEvent } from './provider-pool';
