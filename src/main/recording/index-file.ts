/**
 * events.idx: one line `[eventIndex, byteOffset, tMs, counts]` every EVENT_INDEX_STRIDE events,
 * where `counts` are the stats of the events before eventIndex. A crashed recording is listed
 * from its last index line and the events after it (at most one stride), never the whole file.
 */
import { open } from 'node:fs/promises';
import type { RecordingStats } from '../../shared/recording';
import { statsFromIndexValue } from './stats';

export interface IndexEntry {
  eventIndex: number;
  byteOffset: number;
  tMs: number;
  /** Counts of the events before eventIndex (null in an index without them). */
  before: RecordingStats | null;
}

const TAIL_BYTES = 8192;

export function parseIndexLine(text: string): IndexEntry | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length < 3) return null;
  const [eventIndex, byteOffset, tMs] = v as unknown[];
  if (
    typeof eventIndex !== 'number' ||
    !Number.isSafeInteger(eventIndex) ||
    eventIndex < 0 ||
    typeof byteOffset !== 'number' ||
    !Number.isSafeInteger(byteOffset) ||
    byteOffset < 0 ||
    typeof tMs !== 'number' ||
    !Number.isFinite(tMs)
  )
    return null;
  const before = statsFromIndexValue(v[3]);
  if (before && before.eventCount !== eventIndex) return null;
  return { eventIndex, byteOffset, tMs, before };
}

/**
 * The last well-formed entry in the index's last few KB (a line cut by a crash is skipped);
 * null when the file is missing, empty or holds none.
 */
export async function readLastIndexEntry(file: string): Promise<IndexEntry | null> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = (await fh.stat()).size;
    const len = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    // The first piece may be the end of a line cut by the read window; the last, by a crash.
    for (let i = lines.length - 1; i >= (len < size ? 1 : 0); i--) {
      const complete = i < lines.length - 1;
      if (!complete) continue;
      const entry = parseIndexLine(lines[i]);
      if (entry) return entry;
    }
    return null;
  } catch {
    return null;
  } finally {
    await fh.close().catch(() => undefined);
  }
}
