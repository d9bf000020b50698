/**
 * Opens a version 2 recording folder without holding its events: one pass over events.jsonl
 * (a chunk at a time, yielding between chunks) checks every line and keeps the byte offset
 * and time of every EVENT_INDEX_STRIDE-th event; pages are then read from those offsets. The
 * pass stops at the first damaged line: the recording opens up to it with a notice saying
 * where it ends. WAV headers left unpatched by a crash are repaired; a missing or damaged WAV
 * is a notice and its track reads as null.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineEvent } from '../../shared/engine-events';
import {
  AGENT_WAV,
  EVENT_INDEX_STRIDE,
  EVENTS_FILE,
  USER_WAV,
  type RecordingManifest,
} from '../../shared/recording';
import type { AudioTrackName, OpenedRecording } from './api';
import { clockText, RecordingError } from './errors';
import { checkPage } from './legacy-v1';
import { scanLines, parseEventLine } from './line-scan';
import { readManifest, summaryOf } from './manifest';
import { countEvent, emptyStats } from './stats';
import { openWav, readWavFrames, type WavInfo } from './wav-file';
import { folderSize } from './folder-size';

/** Most events one read returns: a page is a view, not the whole recording. */
export const MAX_EVENTS_PER_READ = 100_000;
/** Most audio one read returns. */
export const MAX_AUDIO_READ_MS = 10 * 60_000;
const PAGE = 2000;

interface Sparse {
  /** Byte offset and time of event k * EVENT_INDEX_STRIDE. */
  offsets: number[];
  times: number[];
  count: number;
  /** Byte offset just past the last complete, valid line. */
  validEnd: number;
  /** Times never go back: readEventsInTime may seek. */
  monotonic: boolean;
  lastT: number | null;
}

export async function openFolderRecording(folder: string, id: string): Promise<OpenedRecording> {
  const manifest = await readManifest(folder);
  const notices: string[] = [];
  if (manifest.id !== id)
    notices.push(`${join(folder, 'manifest.json')}: says id "${manifest.id}", the folder is "${id}"`);
  const eventsFile = join(folder, EVENTS_FILE);
  const stats = emptyStats();
  const sparse = await scanEvents(eventsFile, manifest, notices, (e) => countEvent(stats, e));

  const completed: RecordingManifest = { ...manifest, stats: manifest.stats ?? stats };
  if (manifest.endedAt === null) {
    completed.endReason = 'crashed';
    completed.durationMs = sparse.lastT === null ? 0 : Math.max(0, sparse.lastT - manifest.startedAtT);
  } else if (manifest.stats && manifest.stats.eventCount !== sparse.count) {
    notices.push(
      `${eventsFile}: the manifest says ${manifest.stats.eventCount} events, the file holds ${sparse.count} readable`,
    );
  }

  const tracks: Record<AudioTrackName, { file: string; info: WavInfo; offsetMs: number } | null> = {
    user: await openTrack(folder, 'user', manifest, notices),
    agent: await openTrack(folder, 'agent', manifest, notices),
  };
  const summary = summaryOf(completed, await folderSize(folder), null);
  summary.hasAudio = { user: tracks.user !== null, agent: tracks.agent !== null };
  let closed = false;
  const live = () => {
    if (closed) throw new RecordingError('failed', `recording ${id} was closed`);
  };

  const readEvents = async (from: number, count: number): Promise<EngineEvent[]> => {
    live();
    checkPage(from, count);
    if (count > MAX_EVENTS_PER_READ)
      throw new RecordingError(
        'invalid_input',
        `at most ${MAX_EVENTS_PER_READ} events per read (asked ${count})`,
      );
    if (from >= sparse.count || count === 0) return [];
    const want = Math.min(count, sparse.count - from);
    const k = Math.floor(from / EVENT_INDEX_STRIDE);
    let n = k * EVENT_INDEX_STRIDE;
    const out: EngineEvent[] = [];
    await scanLines(eventsFile, sparse.offsets[k], sparse.validEnd, (buf, s, e) => {
      if (n >= from) out.push(eventAt(eventsFile, n, buf.toString('utf8', s, e)));
      n += 1;
      return out.length < want;
    });
    return out;
  };

  const readEventsInTime = async (fromT: number, toT: number): Promise<EngineEvent[]> => {
    live();
    if (Number.isNaN(fromT) || Number.isNaN(toT) || typeof fromT !== 'number' || typeof toT !== 'number')
      throw new RecordingError('invalid_input', `time range ${fromT}..${toT}: numbers only`);
    if (sparse.count === 0 || toT <= fromT) return [];
    let k = 0;
    if (sparse.monotonic) {
      // The last indexed event strictly before fromT: nothing before it can be in range.
      let lo = 0;
      let hi = sparse.times.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (sparse.times[mid] < fromT) lo = mid;
        else hi = mid - 1;
      }
      k = lo;
    }
    let n = k * EVENT_INDEX_STRIDE;
    const out: EngineEvent[] = [];
    await scanLines(eventsFile, sparse.offsets[k], sparse.validEnd, (buf, s, e) => {
      const ev = eventAt(eventsFile, n, buf.toString('utf8', s, e));
      n += 1;
      if (ev.t >= toT && sparse.monotonic) return false;
      if (ev.t >= fromT && ev.t < toT) {
        if (out.length >= MAX_EVENTS_PER_READ)
          throw new RecordingError(
            'invalid_input',
            `more than ${MAX_EVENTS_PER_READ} events from ${fromT} to ${toT} ms: read a shorter range`,
          );
        out.push(ev);
      }
      return n < sparse.count;
    });
    return out;
  };

  return {
    id,
    path: folder,
    version: manifest.version,
    manifest: completed,
    summary,
    eventCount: sparse.count,
    notices,
    readEvents,
    readEventsInTime,
    events: async function* () {
      for (let from = 0; from < sparse.count; from += PAGE) yield* await readEvents(from, PAGE);
    },
    readAudio: async (track, fromT, durationMs) => {
      live();
      if (track !== 'user' && track !== 'agent')
        throw new RecordingError('invalid_input', `audio track "${String(track)}": user or agent`);
      if (
        !Number.isFinite(fromT) ||
        !Number.isFinite(durationMs) ||
        durationMs < 0 ||
        durationMs > MAX_AUDIO_READ_MS
      )
        throw new RecordingError(
          'invalid_input',
          `audio range ${fromT} ms for ${durationMs} ms: finite, 0-${MAX_AUDIO_READ_MS} ms long`,
        );
      const t = tracks[track];
      if (!t) return null;
      const { sampleRate, channels, frames } = t.info;
      const clamp = (x: number) => Math.min(frames, Math.max(0, x));
      const first = clamp(Math.round(((fromT - t.offsetMs) * sampleRate) / 1000));
      const end = clamp(Math.round(((fromT + durationMs - t.offsetMs) * sampleRate) / 1000));
      const data = await readWavFrames(t.file, t.info, first, Math.max(0, end - first));
      return { sampleRate, channels, startT: t.offsetMs + (first * 1000) / sampleRate, data };
    },
    close: async () => {
      closed = true;
    },
  };
}

async function scanEvents(
  file: string,
  manifest: RecordingManifest,
  notices: string[],
  onEvent: (e: Record<string, unknown>) => void,
): Promise<Sparse> {
  const sparse: Sparse = { offsets: [0], times: [], count: 0, validEnd: 0, monotonic: true, lastT: null };
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    notices.push(`${file}: missing or unreadable (${(err as Error).message}); the recording has no events`);
    return sparse;
  }
  const where = () =>
    sparse.lastT === null
      ? 'before its first event'
      : `at line ${sparse.count} (${clockText(sparse.lastT - manifest.startedAtT)})`;
  let damage: string | null = null;
  const res = await scanLines(file, 0, size, (buf, s, e, offset) => {
    const parsed = parseEventLine(buf.toString('utf8', s, e));
    if (!parsed.ok) {
      damage = `${file}: line ${sparse.count + 1} ${parsed.why}; the recording ends ${where()}`;
      return false;
    }
    const t = parsed.event.t;
    if (sparse.count % EVENT_INDEX_STRIDE === 0) {
      sparse.offsets[sparse.count / EVENT_INDEX_STRIDE] = offset;
      sparse.times.push(t);
    }
    if (sparse.lastT !== null && t < sparse.lastT) sparse.monotonic = false;
    sparse.lastT = t;
    sparse.count += 1;
    sparse.validEnd = offset + (e - s) + 1;
    onEvent(parsed.event);
  });
  if (damage) notices.push(damage);
  else if (res.partialBytes > 0)
    notices.push(
      `${file}: line ${sparse.count + 1} is cut short (${res.partialBytes} bytes, no newline); the recording ends ${where()}`,
    );
  return sparse;
}

function eventAt(file: string, n: number, text: string): EngineEvent {
  const parsed = parseEventLine(text);
  // The pass at open checked this line: a change means the file was edited while open.
  if (!parsed.ok)
    throw new RecordingError('failed', `${file}: line ${n + 1} ${parsed.why} (changed since it was opened)`);
  return parsed.event as unknown as EngineEvent;
}

async function openTrack(
  folder: string,
  track: AudioTrackName,
  manifest: RecordingManifest,
  notices: string[],
): Promise<{ file: string; info: WavInfo; offsetMs: number } | null> {
  const name = track === 'user' ? USER_WAV : AGENT_WAV;
  const entry = manifest.audio[track];
  const file = join(folder, name);
  if (!entry) {
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    if (exists)
      notices.push(`${file}: the manifest names no ${track} track (its time offset is unknown); not played`);
    return null;
  }
  if (entry.file !== name) {
    notices.push(
      `${join(folder, 'manifest.json')}: ${track} track file "${entry.file}" is not "${name}"; not played`,
    );
    return null;
  }
  try {
    const info = await openWav(file, true);
    if (info.repaired) notices.push(info.repaired);
    if (info.sampleRate !== entry.sampleRate)
      notices.push(
        `${file}: the header says ${info.sampleRate} Hz, the manifest ${entry.sampleRate} Hz; played at the header's rate`,
      );
    return { file, info, offsetMs: entry.offsetMs };
  } catch (err) {
    notices.push(`${(err as Error).message}; the ${track} track is not played`);
    return null;
  }
}
