/** The generation helpers the activity uses for replies (upstream voice/generation.py). */
export * from './types';
export * from './instructions';
export * from './llm-inference';
export * from './tts-inference';
export * from './forwarding';
export * from './tool-output';
export * from './tool-execution';
export { LinearResampler } from '../../audio/resample';
