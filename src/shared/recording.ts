/**
 * Recording format v2 (docs/recording-format.md): one folder per session. These are the shapes
 * main writes and reads, the renderer lists and replays, and the CLI re-runs, diffs and exports.
 * The manifest schema is zod because manifests are read back from disk (untrusted).
 */
import { z } from 'zod';

export const RECORDING_FORMAT = 'voice-agent-studio.recording';
export const RECORDING_FORMAT_VERSION = 2;

export const MANIFEST_FILE = 'manifest.json';
export const EVENTS_FILE = 'events.jsonl';
export const INDEX_FILE = 'events.idx';
export const USER_WAV = 'user.wav';
export const AGENT_WAV = 'agent.wav';

/** Every EVENT_INDEX_STRIDE events, one index line `[eventIndex, byteOffset, tMs]` is appended. */
export const EVENT_INDEX_STRIDE = 1000;

/** Where the session's user came from. `file`: a WAV given to the CLI; `rerun`: a re-run of a recording. */
export const RecordingInputKindSchema = z.enum([
  'demo',
  'scenario',
  'microphone',
  'text',
  'livekit',
  'file',
  'rerun',
]);
export type RecordingInputKind = z.infer<typeof RecordingInputKindSchema>;

/**
 * Why the recording ended. `crashed` is never written: a reader reports it for a manifest that has
 * no end (the process died); its duration then comes from the last event.
 */
export const RecordingEndReasonSchema = z.enum([
  'stopped',
  'closed',
  'error',
  'signal',
  'disk_error',
  'disabled',
  'crashed',
]);
export type RecordingEndReason = z.infer<typeof RecordingEndReasonSchema>;

export const RecordingAudioTrackSchema = z
  .object({
    file: z.string(),
    sampleRate: z.number().int().min(8000).max(192_000),
    channels: z.number().int().min(1).max(2),
    /** Event-clock time (the events' `t`, ms) of the track's first sample. */
    offsetMs: z.number(),
  })
  .strict();
export type RecordingAudioTrack = z.infer<typeof RecordingAudioTrackSchema>;

export const RecordingProviderSchema = z
  .object({
    slot: z.enum(['llm', 'stt', 'tts', 'vad', 'realtime']),
    provider: z.string(),
    model: z.string().optional(),
  })
  .strict();
export type RecordingProvider = z.infer<typeof RecordingProviderSchema>;

export const RecordingStatsSchema = z
  .object({
    eventCount: z.number().int().min(0),
    turns: z.number().int().min(0),
    interruptions: z.number().int().min(0),
    falseInterruptions: z.number().int().min(0),
    toolCalls: z.number().int().min(0),
    errors: z.number().int().min(0),
  })
  .strict();
export type RecordingStats = z.infer<typeof RecordingStatsSchema>;

export const RecordingManifestSchema = z
  .object({
    format: z.literal(RECORDING_FORMAT),
    version: z.number().int(),
    appVersion: z.string(),
    /** The folder name; also the id the studio API uses. */
    id: z.string(),
    sessionId: z.string(),
    /** Wall-clock start (ISO 8601) and the event-clock time `t` at that instant. */
    startedAt: z.string(),
    startedAtT: z.number(),
    /** Null until the session ends cleanly; a reader reports `crashed` for a null end. */
    endedAt: z.string().nullable(),
    endReason: RecordingEndReasonSchema.nullable(),
    /** Event-clock duration from startedAtT to the end; null while running or after a crash. */
    durationMs: z.number().min(0).nullable(),
    inputKind: RecordingInputKindSchema,
    agents: z.array(z.string()),
    providers: z.array(RecordingProviderSchema),
    /** The session config as the session ran it, secrets redacted. */
    config: z.unknown(),
    audio: z
      .object({ user: RecordingAudioTrackSchema.nullable(), agent: RecordingAudioTrackSchema.nullable() })
      .strict(),
    /** Filled at the end; a crashed recording's stats are recomputed by the reader. */
    stats: RecordingStatsSchema.nullable(),
    /** A re-run points at the recording it replayed. */
    source: z.object({ id: z.string(), path: z.string() }).strict().nullable(),
    /** A short human label (agent and first user words), for lists. */
    title: z.string(),
  })
  .strict();
export type RecordingManifest = z.infer<typeof RecordingManifestSchema>;

/** One row of the recordings browser: what the manifest says, completed for crashed recordings. */
export interface RecordingSummary {
  id: string;
  title: string;
  startedAt: string;
  durationMs: number;
  endReason: RecordingEndReason;
  inputKind: RecordingInputKind;
  agents: string[];
  turns: number;
  eventCount: number;
  sizeBytes: number;
  hasAudio: { user: boolean; agent: boolean };
  /** 1 for a legacy `<id>.jsonl` file, 2 for a folder. */
  version: number;
  sourceId: string | null;
}
