/** Transcript synchronized with audio playback: what the user actually heard. */
export {
  TranscriptSynchronizer,
  SyncedAudioOutput,
  SyncedTextOutput,
  type TranscriptSynchronizerInit,
} from './synchronizer';
export { SegmentSynchronizer, STANDARD_SPEECH_RATE, type TextSyncOptions } from './segment-synchronizer';
export { transcriptAtPosition, type EstimateOptions } from './estimate';
