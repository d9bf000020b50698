/** OpenAI (and OpenAI-compatible) providers: LLM, STT, TTS, their factories and errors. */
export { OpenAILLM, type OpenAILLMOptions } from './llm';
export { OpenAISTT, supportsStreamingTranscription, type OpenAISTTOptions } from './stt';
export { OpenAITTS, OPENAI_TTS_SAMPLE_RATE, type OpenAITTSOptions } from './tts';
export { StreamAdapter, type Recognizer, type RecognizeOptions } from './stt-stream-adapter';
export { createLlm, createStt, createTts, type ProviderDeps } from './factory';
export { OPENAI_BASE_URL, type OpenAIConnection } from './client';
