/**
 * manifest.json: written when the recording starts (endedAt null), rewritten atomically (temp
 * file + rename) when a track starts and at the end, so a reader never sees half a manifest.
 * Read back it is untrusted: a newer version is refused naming it, anything else malformed is a
 * RecordingError naming the file and the fields.
 */
import { open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues } from '../../shared/config';
import {
  MANIFEST_FILE,
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  RecordingManifestSchema,
  type RecordingManifest,
  type RecordingSummary,
} from '../../shared/recording';
import { PRIVATE_FILE_MODE } from '../private-files';
import { RecordingError } from './errors';
import { errorText } from '../engine';

/** A manifest is a few KB (the config snapshot); anything past this is not one of ours. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** Writes the manifest next to its final name and renames it over, so readers see old or new. */
export async function writeManifestAtomically(folder: string, manifest: RecordingManifest): Promise<void> {
  const final = join(folder, MANIFEST_FILE);
  const temp = `${final}.tmp`;
  const fh = await open(temp, 'w', PRIVATE_FILE_MODE);
  try {
    await fh.writeFile(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(temp, final);
}

/** Reads and validates `<folder>/manifest.json`. */
export async function readManifest(folder: string): Promise<RecordingManifest> {
  const file = join(folder, MANIFEST_FILE);
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_MANIFEST_BYTES)
      throw new RecordingError('failed', `${file}: ${info.size} bytes is too large for a manifest`);
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    throw new RecordingError('failed', `${file}: cannot be read (${errorText(err)})`);
  }
  return parseManifest(file, text);
}

export function parseManifest(file: string, text: string): RecordingManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RecordingError('failed', `${file}: line 1 onwards is not valid JSON (${errorText(err)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new RecordingError('failed', `${file}: not a recording manifest (a JSON object)`);
  const obj = raw as Record<string, unknown>;
  if (obj.format !== RECORDING_FORMAT)
    throw new RecordingError(
      'failed',
      `${file}: format ${JSON.stringify(obj.format)?.slice(0, 80)} is not "${RECORDING_FORMAT}"`,
    );
  if (typeof obj.version === 'number' && obj.version > RECORDING_FORMAT_VERSION)
    throw new RecordingError(
      'failed',
      `${file}: recording format version ${obj.version} is newer than this studio reads (up to ${RECORDING_FORMAT_VERSION}); open it with a newer studio`,
    );
  const parsed = RecordingManifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new RecordingError('failed', `${file}: invalid manifest: ${formatIssues(parsed.error).join('; ')}`);
  if (parsed.data.version !== RECORDING_FORMAT_VERSION)
    throw new RecordingError(
      'failed',
      `${file}: version ${parsed.data.version} in a folder recording (only version ${RECORDING_FORMAT_VERSION} is a folder)`,
    );
  return parsed.data;
}

/** The browser row for a manifest; a crashed recording's duration and counts come from `recount`. */
export function summaryOf(
  m: RecordingManifest,
  sizeBytes: number,
  recount: { durationMs: number; eventCount: number; turns: number } | null,
): RecordingSummary {
  const crashed = m.endedAt === null;
  return {
    id: m.id,
    title: m.title,
    startedAt: m.startedAt,
    durationMs: recount?.durationMs ?? m.durationMs ?? 0,
    endReason: crashed ? 'crashed' : (m.endReason ?? 'crashed'),
    inputKind: m.inputKind,
    agents: m.agents,
    turns: recount?.turns ?? m.stats?.turns ?? 0,
    eventCount: recount?.eventCount ?? m.stats?.eventCount ?? 0,
    sizeBytes,
    hasAudio: { user: m.audio.user !== null, agent: m.audio.agent !== null },
    version: m.version,
    sourceId: m.source?.id ?? null,
  };
}
