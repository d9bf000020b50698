/**
 * Version 1 recordings: one file `<id>.jsonl` (header line, events, end line) written by the
 * v1 SessionRecorder. They still list and open, read-only and without audio; being whole-file
 * JSON Lines they are parsed whole (all or nothing: a damaged v1 file is refused naming the
 * line). Durations are computed with a loop (Math.max(...ts) overflowed the stack past ~100k).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import {
  RECORDING_FORMAT,
  type RecordingInputKind,
  type RecordingManifest,
  type RecordingSummary,
} from '../../shared/recording';
import type { OpenedRecording } from './api';
import { RecordingError, isNotFound } from './errors';
import { summaryOf } from './manifest';
import { countEvent, emptyStats } from './stats';
import { errorText } from '../engine';

export const V1_VERSION = 1;
export const V1_EXT = '.jsonl';
/** A v1 file is read whole; past this size it is refused rather than exhausting memory. */
export const V1_MAX_BYTES = 512 * 1024 * 1024;

export interface ParsedRecording {
  id: string;
  createdAt: string;
  config: StudioConfig;
  events: EngineEvent[];
  /** Null when the file has no end line (the studio stopped before the session ended). */
  end: { durationMs: number; eventCount: number } | null;
}

/** Parses a whole v1 recording; throws a RecordingError naming the file and the 1-based line. */
export function parseRecording(file: string, id: string, text: string): ParsedRecording {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const bad = (n: number, why: string) => new RecordingError('failed', `recording ${file}: line ${n} ${why}`);
  const parseLine = (i: number): unknown => {
    try {
      return JSON.parse(lines[i]);
    } catch (err) {
      throw bad(i + 1, `is not valid JSON (${errorText(err)})`);
    }
  };
  if (lines.length === 0) throw new RecordingError('failed', `recording ${file} is empty (no header line)`);
  const header = parseLine(0) as Record<string, unknown> | null;
  if (!isObject(header) || header.version !== V1_VERSION || typeof header.createdAt !== 'string')
    throw bad(1, `is not a version ${V1_VERSION} recording header`);
  const config = StudioConfigSchema.safeParse(header.config);
  if (!config.success) throw bad(1, `has an invalid config: ${formatIssues(config.error).join('; ')}`);
  const events: EngineEvent[] = [];
  let end: ParsedRecording['end'] = null;
  for (let i = 1; i < lines.length; i++) {
    const value = parseLine(i);
    if (!isObject(value) || typeof value.type !== 'string')
      throw bad(i + 1, 'is not an event (an object with a string "type")');
    if (value.type === 'recording_end') {
      if (i !== lines.length - 1) throw bad(i + 1, 'ends the recording but more lines follow');
      if (typeof value.durationMs !== 'number' || typeof value.eventCount !== 'number')
        throw bad(i + 1, 'is a recording_end without numeric durationMs and eventCount');
      end = { durationMs: value.durationMs, eventCount: value.eventCount };
    } else {
      if (typeof value.t !== 'number') throw bad(i + 1, 'is an event without a numeric time "t"');
      events.push(value as unknown as EngineEvent);
    }
  }
  if (end && end.eventCount !== events.length)
    throw bad(lines.length, `says ${end.eventCount} events but the file holds ${events.length}`);
  return { id, createdAt: header.createdAt, config: config.data, events, end };
}

/** Reads and parses `<dir>/<id>.jsonl` (the id is checked by the caller). */
export async function readV1(
  dir: string,
  id: string,
): Promise<ParsedRecording & { file: string; sizeBytes: number }> {
  const file = join(dir, `${id}${V1_EXT}`);
  let text: string;
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(file)).size;
    if (sizeBytes > V1_MAX_BYTES)
      throw new RecordingError(
        'failed',
        `recording ${file}: ${sizeBytes} bytes is too large for a version 1 file`,
      );
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    if (isNotFound(err)) throw new RecordingError('failed', `no recording "${id}" in ${dir}`);
    throw new RecordingError('failed', `recording ${file}: cannot be read (${errorText(err)})`);
  }
  return { ...parseRecording(file, id, text), file, sizeBytes };
}

/** The v2 shapes for a v1 file: a manifest made from its header (no audio, no app version). */
export function v1Manifest(rec: ParsedRecording): RecordingManifest {
  let first = Infinity;
  let last = -Infinity;
  const stats = emptyStats();
  for (const e of rec.events) {
    if (e.t < first) first = e.t;
    if (e.t > last) last = e.t;
    countEvent(stats, e);
  }
  const startedAtT = rec.events.length ? first : 0;
  const agents = Object.keys(rec.config.agents ?? {});
  return {
    format: RECORDING_FORMAT,
    version: V1_VERSION,
    appVersion: 'unknown (version 1 recording)',
    id: rec.id,
    sessionId: rec.id,
    startedAt: rec.createdAt,
    startedAtT,
    endedAt: rec.end ? endOf(rec.createdAt, rec.end.durationMs) : null,
    endReason: rec.end ? 'stopped' : 'crashed',
    durationMs: rec.end?.durationMs ?? (rec.events.length ? last - first : 0),
    inputKind: inputKindOf(rec.config),
    agents,
    providers: [],
    config: rec.config,
    audio: { user: null, agent: null },
    stats,
    source: null,
    title: agents[0] ?? rec.id,
  };
}

export function v1Summary(rec: ParsedRecording, sizeBytes: number): RecordingSummary {
  const m = v1Manifest(rec);
  return {
    ...summaryOf(m, sizeBytes, null),
    endReason: m.endReason ?? 'crashed',
    durationMs: m.durationMs ?? 0,
  };
}

/** A v1 recording as an OpenedRecording: its events are in memory (the file was read whole). */
export function openedV1(rec: ParsedRecording & { file: string; sizeBytes: number }): OpenedRecording {
  const manifest = v1Manifest(rec);
  const events = rec.events;
  return {
    id: rec.id,
    path: rec.file,
    version: V1_VERSION,
    manifest,
    summary: v1Summary(rec, rec.sizeBytes),
    eventCount: events.length,
    notices: [`${rec.file}: a version 1 recording (read-only, no audio)`],
    readEvents: async (from, count) => {
      checkPage(from, count);
      return events.slice(from, from + count);
    },
    readEventsInTime: async (fromT, toT) => events.filter((e) => e.t >= fromT && e.t < toT),
    events: async function* () {
      yield* events;
    },
    readAudio: async () => null,
    close: async () => undefined,
  };
}

export function checkPage(from: number, count: number): void {
  if (!Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(count) || count < 0)
    throw new RecordingError(
      'invalid_input',
      `event range from ${from} count ${count}: whole numbers >= 0 only`,
    );
}

function inputKindOf(config: StudioConfig): RecordingInputKind {
  switch (config.inputMode) {
    case 'microphone':
    case 'livekit':
    case 'text':
      return config.inputMode;
    default:
      return 'demo';
  }
}

function endOf(createdAt: string, durationMs: number): string | null {
  const start = Date.parse(createdAt);
  return Number.isFinite(start) && Number.isFinite(durationMs)
    ? new Date(start + durationMs).toISOString()
    : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
