/**
 * The recordings directory as the studio API's recording commands see it (RecordingLibrary).
 *
 * Interim: until the recording module's v2 reader (src/main/recording) lands, this reads the
 * version 1 files (`<id>.jsonl`) the current recorder writes, through studio/recordings.ts, and
 * holds one opened recording's events in memory. Version 1 has no audio. Replace the bodies with
 * the v2 reader's listRecordings / openRecording / deleteRecording when it exists.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineEvent } from '../../shared/engine-events';
import {
  RECORDING_FORMAT,
  RecordingInputKindSchema,
  type RecordingManifest,
  type RecordingSummary,
} from '../../shared/recording';
import type { RecordingProblem } from '../../shared/studio-api';
import type { OpenedRecording } from '../recording/api';
import { errorText } from './error-text';
import type { RecordingLibrary } from './recording-commands';
import { RECORDING_EXT } from './recorder';
import { parseRecording } from './recordings';

const V1_ID = /^[A-Za-z0-9_-]{1,200}$/;

async function openV1(dir: string, id: string): Promise<OpenedRecording> {
  if (!V1_ID.test(id))
    throw Object.assign(
      new Error(`recording id "${id.slice(0, 80)}" is invalid: letters, digits, _ or - only`),
      {
        code: 'invalid_input',
      },
    );
  const file = join(dir, `${id}${RECORDING_EXT}`);
  let text: string;
  let sizeBytes: number;
  try {
    text = await readFile(file, 'utf8');
    sizeBytes = (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`no recording "${id}" in ${dir}`);
    throw err;
  }
  const rec = parseRecording(file, id, text);
  const { events } = rec;
  let firstT = Infinity;
  let lastT = -Infinity;
  let turns = 0;
  for (const ev of events) {
    if (ev.t < firstT) firstT = ev.t;
    if (ev.t > lastT) lastT = ev.t;
    if (ev.type === 'conversation_item_added' && ev.item.type === 'message' && ev.item.role === 'user')
      turns++;
  }
  const startedAtT = events.length > 0 ? firstT : 0;
  const durationMs = rec.end?.durationMs ?? (events.length > 0 ? lastT - firstT : 0);
  const agents = Object.keys(rec.config.agents);
  const inputKind = RecordingInputKindSchema.catch('demo').parse(
    rec.config.inputMode === 'simulated' ? 'demo' : rec.config.inputMode,
  );
  const endReason = rec.end ? 'closed' : 'crashed';
  const summary: RecordingSummary = {
    id,
    title: agents[0] ? `${agents[0]} · ${id}` : id,
    startedAt: rec.createdAt,
    durationMs,
    endReason,
    inputKind,
    agents,
    turns,
    eventCount: events.length,
    sizeBytes,
    hasAudio: { user: false, agent: false },
    version: 1,
    sourceId: null,
  };
  const manifest: RecordingManifest = {
    format: RECORDING_FORMAT,
    version: 1,
    appVersion: 'unknown',
    id,
    sessionId: id,
    startedAt: rec.createdAt,
    startedAtT,
    endedAt: null,
    endReason,
    durationMs,
    inputKind,
    agents,
    providers: [],
    config: rec.config,
    audio: { user: null, agent: null },
    stats: null,
    source: null,
    title: summary.title,
  };
  const inTime = (fromT: number, toT: number): EngineEvent[] =>
    events.filter((e) => e.t >= fromT && e.t < toT);
  return {
    id,
    path: file,
    version: 1,
    manifest,
    summary,
    eventCount: events.length,
    notices: rec.end ? [] : ['the recording has no end line: the studio stopped before the session ended'],
    readEvents: (from, count) => Promise.resolve(events.slice(from, from + count)),
    readEventsInTime: (fromT, toT) => Promise.resolve(inTime(fromT, toT)),
    events: async function* () {
      yield* events;
    },
    readAudio: () => Promise.resolve(null),
    close: () => Promise.resolve(),
  };
}

/** The studio's recordings directory as a RecordingLibrary (version 1 files for now). */
export function createRecordingLibrary(dir: string): RecordingLibrary {
  return {
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { recordings: [], problems: [] };
        throw err;
      }
      const recordings: RecordingSummary[] = [];
      const problems: RecordingProblem[] = [];
      for (const name of names) {
        if (!name.endsWith(RECORDING_EXT)) continue;
        const id = name.slice(0, -RECORDING_EXT.length);
        try {
          recordings.push((await openV1(dir, id)).summary);
        } catch (err) {
          problems.push({ id, message: errorText(err) });
        }
      }
      return { recordings, problems };
    },
    open: (id) => openV1(dir, id),
    async remove(id) {
      if (!V1_ID.test(id)) return false;
      const file = join(dir, `${id}${RECORDING_EXT}`);
      try {
        await stat(file);
      } catch {
        return false;
      }
      await rm(file);
      return true;
    },
  };
}
