/** The recording module (docs/recording-format.md): writer, reader, listing. */
export type {
  AudioTrackName,
  OpenedRecording,
  PcmChunk,
  RecordingEnd,
  RecordingWriter,
  RecordingWriterOptions,
} from './api';
export { RecordingError, RECORDING_ID, checkRecordingId } from './errors';
export { createRecordingWriter, recordingIdFor } from './writer';
export { listRecordings, openRecording, deleteRecording, type RecordingListing } from './list';
export { MAX_EVENTS_PER_READ, MAX_AUDIO_READ_MS } from './reader';
export { parseRecording, V1_EXT, V1_VERSION, type ParsedRecording } from './legacy-v1';
export { countEvent, emptyStats } from './stats';
export { defaultRecordingsDir } from './dirs';
