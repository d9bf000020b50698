/**
 * REC on the command line: a recording folder (format v2) or a version 1 `<id>.jsonl` file,
 * opened with the recording module's reader; and a recording's events read whole (export,
 * re-run and diff look at every turn).
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { EngineEvent } from '../../shared/engine-events';
import type { OpenedRecording } from '../recording/api';
import { openRecording, V1_EXT } from '../recording';

export class RecordingPathError extends Error {
  override name = 'RecordingPathError';
}

/** Opens the recording at `path` (a folder, or a v1 `.jsonl` file). */
export async function openRecordingPath(path: string): Promise<OpenedRecording> {
  const abs = resolve(path);
  const info = await stat(abs).catch(() => null);
  if (!info)
    throw new RecordingPathError(`${path}: no such recording (expected a recording folder or a .jsonl file)`);
  if (info.isDirectory()) return openRecording(dirname(abs), basename(abs));
  if (abs.endsWith(V1_EXT)) return openRecording(dirname(abs), basename(abs, V1_EXT));
  throw new RecordingPathError(
    `${path}: not a recording (expected a recording folder or a version 1 ${V1_EXT} file)`,
  );
}

/** Every event of a recording, in order. */
export async function readAllEvents(rec: Pick<OpenedRecording, 'events'>): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const ev of rec.events()) out.push(ev);
  return out;
}

/** The recording folders (and v1 files) directly inside `dir`, sorted; for batch re-runs. */
export async function recordingsIn(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const full = resolve(dir, e.name);
    if (e.isDirectory()) {
      if ((await stat(resolve(full, 'manifest.json')).catch(() => null))?.isFile()) out.push(full);
    } else if (e.isFile() && e.name.endsWith(V1_EXT)) out.push(full);
  }
  return out.sort();
}
