/**
 * The recording module's contract (format: docs/recording-format.md). Writers are used by the
 * studio's session host and the CLI; readers by the recordings browser, replay, re-run, diff
 * and export. Everything on disk is untrusted when read back: readers refuse or report, never
 * throw anything but RecordingError.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type {
  RecordingEndReason,
  RecordingInputKind,
  RecordingManifest,
  RecordingProvider,
  RecordingSummary,
} from '../../shared/recording';
import type { Logger, Redactor } from '../log';

export type AudioTrackName = 'user' | 'agent';

/** PCM16 interleaved samples, as the engine's AudioFrame carries them. */
export interface PcmChunk {
  readonly data: Int16Array;
  readonly sampleRate: number;
  readonly channels: number;
}

export interface RecordingWriterOptions {
  /** The recordings directory; the recording's folder is created inside it. */
  dir: string;
  sessionId: string;
  /** Wall-clock start (epoch ms) and the event-clock `t` at that instant. */
  startedAtMs: number;
  startedAtT: number;
  inputKind: RecordingInputKind;
  /** The config as the session runs it; redacted again before it is written. */
  config: unknown;
  agents: string[];
  providers: RecordingProvider[];
  source?: { id: string; path: string } | null;
  appVersion: string;
  redact: Redactor;
  logger: Logger;
  /** Wall clock (epoch ms) for the end a write failure stamps in the manifest; default Date.now. */
  now?: () => number;
  /**
   * The recording stopped because a write failed (full disk, folder removed). Called once; the
   * host turns it into an `error` event (source `recorder`, recoverable) and the session goes on.
   */
  onFailure?(message: string): void;
}

export interface RecordingEnd {
  reason: Exclude<RecordingEndReason, 'crashed'>;
  /** Event-clock time of the end. */
  endT: number;
  /** Wall-clock end, epoch ms. */
  endedAtMs: number;
}

export interface RecordingWriter {
  /** The folder name, which is also the recording's id. */
  readonly id: string;
  /** Absolute path of the folder. */
  readonly path: string;
  /** Queues one event (already redacted by the host); never waits on the disk. */
  pushEvent(ev: EngineEvent): void;
  /** Audio the engine heard / played, at event-clock time `tMs` of its first sample. */
  pushAudio(track: AudioTrackName, tMs: number, chunk: PcmChunk): void;
  /** Writes what is queued, patches the WAV headers, rewrites the manifest with its end. */
  close(end: RecordingEnd): Promise<void>;
}

export interface OpenedRecording {
  readonly id: string;
  readonly path: string;
  /** 1 for a legacy `<id>.jsonl` file, 2 for a folder. */
  readonly version: number;
  /** The manifest completed by the reader: a crashed recording gets endReason `crashed` and its duration from the last event. */
  readonly manifest: RecordingManifest;
  readonly summary: RecordingSummary;
  /** Complete events readable (a line cut short by a crash is not counted). */
  readonly eventCount: number;
  /** What the reader had to work around: damage and where it ends, a repaired or missing WAV. */
  readonly notices: string[];
  /** Events `[from, from + count)` in file order. */
  readEvents(from: number, count: number): Promise<EngineEvent[]>;
  /** Events with fromT <= t < toT. */
  readEventsInTime(fromT: number, toT: number): Promise<EngineEvent[]>;
  /** Every event in order, a page at a time (re-run, diff, export). */
  events(): AsyncIterable<EngineEvent>;
  /** Samples of a track from event time `fromT` for `durationMs` (null when the track is absent or unreadable). */
  readAudio(
    track: AudioTrackName,
    fromT: number,
    durationMs: number,
  ): Promise<{ sampleRate: number; channels: number; startT: number; data: Int16Array } | null>;
  close(): Promise<void>;
}
