/** Local TTS: the system speech engine (espeak-ng, say, SAPI) as the studio's default voice. */
export { LocalTTS, createLocalTts, detectLocalTts, LOCAL_TTS_SAMPLE_RATE } from './local-tts';
export type { LocalTtsOptions, LocalTtsDetection } from './local-tts';
export { LocalTtsError } from './engine-process';
export type { LocalTtsEngine } from './engines';
export type { TtsMetrics } from './synthesize-stream';
