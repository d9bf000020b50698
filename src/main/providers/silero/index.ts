/** Silero VAD on onnxruntime-node: the provider, its options and the offline segment finder. */
export { SileroVAD, type SileroLoadInit } from './silero-vad';
export { SileroVadStream } from './vad-stream';
export { detectSpeechSegments, framesOf, type DetectOptions, type SpeechSegment } from './detect-segments';
export {
  parseSileroOptions,
  mergeSileroOptions,
  effectiveDeactivationThreshold,
  type SileroVadOptions,
  type SileroVadOptionsInput,
  type SileroVadOptionsPatch,
} from './options';
export { resolveSileroModelPath, MODEL_PACKAGE } from './onnx-model';
