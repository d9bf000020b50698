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

/** A track read whole (in pages), with the event time of its first sample; null when absent. */
export async function readWholeTrack(
  rec: Pick<OpenedRecording, 'manifest' | 'readAudio'>,
  track: 'user' | 'agent',
  endT: number,
): Promise<{ startT: number; sampleRate: number; channels: number; data: Int16Array } | null> {
  const info = rec.manifest.audio[track];
  if (!info) return null;
  const pages: Int16Array[] = [];
  let first: { startT: number; sampleRate: number; channels: number } | null = null;
  const pageMs = 5 * 60_000;
  for (let t = info.offsetMs; t < endT; t += pageMs) {
    const page = await rec.readAudio(track, t, Math.min(pageMs, endT - t));
    if (!page || page.data.length === 0) break;
    first ??= { startT: page.startT, sampleRate: page.sampleRate, channels: page.channels };
    pages.push(page.data);
  }
  if (!first) return null;
  const data = new Int16Array(pages.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pages) {
    data.set(p, at);
    at += p.length;
  }
  return { ...first, data };
}
