/**
 * Reads a byte range of a JSON Lines file a chunk at a time, handing each complete line to a
 * visitor, and yields to the event loop between chunks: a 200 MB file is never in memory at
 * once and the main process never blocks on it for longer than one chunk's work.
 */
import { open } from 'node:fs/promises';
import { RecordingError } from './errors';
import { errorText } from '../engine';

export const SCAN_CHUNK_BYTES = 1 << 20;

/** `end` excludes the newline; `offset` is the byte offset of the line's start in the file. Return false to stop. */
export type LineVisitor = (buf: Buffer, start: number, end: number, offset: number) => boolean | void;

export interface ScanResult {
  /** Byte offset just past the last line visited (its newline included). */
  endByte: number;
  /** True when the visitor stopped the scan. */
  stopped: boolean;
  /** Bytes after the last newline in the range: a line cut short (or still being written). */
  partialBytes: number;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function scanLines(
  file: string,
  fromByte: number,
  toByte: number,
  visit: LineVisitor,
  chunkBytes = SCAN_CHUNK_BYTES,
): Promise<ScanResult> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    throw new RecordingError('failed', `${file}: cannot be opened (${errorText(err)})`);
  }
  try {
    const buf = Buffer.alloc(Math.max(1, Math.min(chunkBytes, toByte - fromByte)));
    let pos = fromByte;
    let carry: Buffer | null = null;
    while (pos < toByte) {
      const want = Math.min(buf.length, toByte - pos);
      const { bytesRead } = await fh.read(buf, 0, want, pos);
      if (bytesRead === 0) break;
      const fresh = buf.subarray(0, bytesRead);
      const data: Buffer = carry ? Buffer.concat([carry, fresh]) : fresh;
      const dataOffset = pos - (carry?.length ?? 0);
      let s = 0;
      for (let nl = data.indexOf(10, s); nl !== -1; nl = data.indexOf(10, s)) {
        if (visit(data, s, nl, dataOffset + s) === false)
          return { endByte: dataOffset + nl + 1, stopped: true, partialBytes: 0 };
        s = nl + 1;
      }
      // The buffer is reused for the next read: keep a copy of the unfinished line.
      carry = s < data.length ? Buffer.from(data.subarray(s)) : null;
      pos += bytesRead;
      if (pos < toByte) await nextTick();
    }
    const partialBytes = carry?.length ?? 0;
    return { endByte: pos - partialBytes, stopped: false, partialBytes };
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    throw new RecordingError('failed', `${file}: read failed (${errorText(err)})`);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** One event line, checked: an object with a string `type` and a numeric `t`; else why not. */
export function parseEventLine(
  text: string,
): { ok: true; event: Record<string, unknown> & { t: number } } | { ok: false; why: string } {
  if (text.length === 0) return { ok: false, why: 'is empty' };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { ok: false, why: `is not valid JSON (${errorText(err)})` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, why: 'is not an event (a JSON object)' };
  const e = v as Record<string, unknown>;
  if (typeof e.type !== 'string') return { ok: false, why: 'is not an event (no string "type")' };
  if (typeof e.t !== 'number' || !Number.isFinite(e.t))
    return { ok: false, why: 'is an event without a numeric time "t"' };
  return { ok: true, event: e as Record<string, unknown> & { t: number } };
}
