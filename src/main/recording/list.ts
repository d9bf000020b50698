/**
 * The recordings directory as a whole: list (manifests only, plus a bounded tail for crashed
 * recordings), open (folder or v1 file) and delete. Ids are checked before any path is built.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EVENTS_FILE,
  INDEX_FILE,
  type RecordingManifest,
  type RecordingSummary,
} from '../../shared/recording';
import type { OpenedRecording } from './api';
import { checkRecordingId, isNotFound, RecordingError, RECORDING_ID } from './errors';
import { folderSize } from './folder-size';
import { readLastIndexEntry } from './index-file';
import { openedV1, readV1, V1_EXT, v1Summary } from './legacy-v1';
import { parseEventLine, scanLines } from './line-scan';
import { readManifest, summaryOf } from './manifest';
import { openFolderRecording } from './reader';
import { countEvent, emptyStats } from './stats';
import { errorText } from '../engine';

export interface RecordingListing {
  /** Newest first. */
  recordings: RecordingSummary[];
  /** Entries that look like recordings but cannot be listed, with why (file and line). */
  problems: { id: string; message: string }[];
}

/** How many recordings are read at once while listing. */
const LIST_CONCURRENCY = 16;

export async function listRecordings(dir: string): Promise<RecordingListing> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isNotFound(err)) return { recordings: [], problems: [] };
    throw new RecordingError('failed', `recordings folder ${dir}: cannot be read (${errorText(err)})`);
  }
  const jobs: { id: string; run: () => Promise<RecordingSummary> }[] = [];
  for (const e of entries) {
    if (e.isDirectory() && RECORDING_ID.test(e.name)) {
      jobs.push({ id: e.name, run: () => summarizeFolder(join(dir, e.name)) });
    } else if (e.isFile() && e.name.endsWith(V1_EXT)) {
      const id = e.name.slice(0, -V1_EXT.length);
      if (RECORDING_ID.test(id))
        jobs.push({
          id,
          run: async () => {
            const rec = await readV1(dir, id);
            return v1Summary(rec, rec.sizeBytes);
          },
        });
    }
  }
  const recordings: RecordingSummary[] = [];
  const problems: RecordingListing['problems'] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      try {
        recordings.push(await job.run());
      } catch (err) {
        problems.push({ id: job.id, message: errorText(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, jobs.length) }, worker));
  recordings.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
  problems.sort((a, b) => a.id.localeCompare(b.id));
  return { recordings, problems };
}

async function summarizeFolder(folder: string): Promise<RecordingSummary> {
  const manifest = await readManifest(folder);
  const size = await folderSize(folder);
  if (manifest.endedAt !== null && manifest.stats !== null) return summaryOf(manifest, size, null);
  return summaryOf(manifest, size, await recountTail(folder, manifest));
}

/**
 * For a recording without an end (or without stats): its last index line says how many events
 * came before it, their counts and where it starts; only the events after it are read.
 */
async function recountTail(
  folder: string,
  m: RecordingManifest,
): Promise<{ durationMs: number; eventCount: number; turns: number }> {
  const file = join(folder, EVENTS_FILE);
  let size = 0;
  try {
    size = (await stat(file)).size;
  } catch {
    return { durationMs: m.durationMs ?? 0, eventCount: 0, turns: 0 };
  }
  let entry = await readLastIndexEntry(join(folder, INDEX_FILE));
  if (entry && (entry.before === null || entry.byteOffset > size)) entry = null;
  const stats = entry?.before ? { ...entry.before } : emptyStats();
  let lastT: number | null = null;
  await scanLines(file, entry?.byteOffset ?? 0, size, (buf, s, e) => {
    const parsed = parseEventLine(buf.toString('utf8', s, e));
    if (!parsed.ok) return false;
    countEvent(stats, parsed.event);
    lastT = parsed.event.t;
  });
  const end: number | null = lastT ?? entry?.tMs ?? null;
  const durationMs =
    m.endedAt !== null && m.durationMs !== null
      ? m.durationMs
      : end === null
        ? 0
        : Math.max(0, end - m.startedAtT);
  return { durationMs, eventCount: stats.eventCount, turns: stats.turns };
}

/** Opens `<dir>/<id>/` (version 2) or `<dir>/<id>.jsonl` (version 1). */
export async function openRecording(dir: string, id: string): Promise<OpenedRecording> {
  checkRecordingId(id);
  const folder = join(dir, id);
  const info = await stat(folder).catch(() => null);
  if (info?.isDirectory()) return openFolderRecording(folder, id);
  return openedV1(await readV1(dir, id));
}

/** Removes a recording (its folder, or its v1 file). */
export async function deleteRecording(dir: string, id: string): Promise<void> {
  checkRecordingId(id);
  const folder = join(dir, id);
  const info = await stat(folder).catch(() => null);
  try {
    if (info?.isDirectory()) await rm(folder, { recursive: true });
    else await rm(join(dir, `${id}${V1_EXT}`));
  } catch (err) {
    if (isNotFound(err)) throw new RecordingError('failed', `no recording "${id}" in ${dir}`);
    throw new RecordingError('failed', `recording ${id}: cannot be deleted (${errorText(err)})`);
  }
}
