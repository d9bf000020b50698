/**
 * Reading recordings back (the files SessionRecorder writes). Files are on disk and may be cut
 * short or edited, so every read is untrusted: list skips a malformed file (and logs why), open
 * refuses it with an error naming the file and the line. Open returns all or nothing — never a
 * partial event list that would replay as if it were the whole session.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { ErrorCode, RecordingInfo } from '../../shared/studio-api';
import type { Logger } from '../log';
import { fail, ok, type CommandHandlers } from './command-router';
import { RECORDING_EXT, RECORDING_VERSION } from './recorder';

const ID = /^[A-Za-z0-9_-]{1,200}$/;

export class RecordingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface ParsedRecording {
  id: string;
  createdAt: string;
  config: StudioConfig;
  events: EngineEvent[];
  /** Null when the file has no end line (the studio stopped before the session ended). */
  end: { durationMs: number; eventCount: number } | null;
}

/** Parses a whole recording; throws a RecordingError naming the file and the 1-based line. */
export function parseRecording(file: string, id: string, text: string): ParsedRecording {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const bad = (n: number, why: string) => new RecordingError('failed', `recording ${file}: line ${n} ${why}`);
  const parseLine = (i: number): unknown => {
    try {
      return JSON.parse(lines[i]);
    } catch (err) {
      throw bad(i + 1, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  if (lines.length === 0) throw new RecordingError('failed', `recording ${file} is empty (no header line)`);
  const header = parseLine(0) as Record<string, unknown> | null;
  if (!isObject(header) || header.version !== RECORDING_VERSION || typeof header.createdAt !== 'string')
    throw bad(1, `is not a version ${RECORDING_VERSION} recording header`);
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

/** Every readable recording in `dir`, newest first; malformed files are skipped and logged. */
export async function listRecordings(dir: string, logger?: Logger): Promise<RecordingInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: RecordingInfo[] = [];
  for (const name of names) {
    if (!name.endsWith(RECORDING_EXT)) continue;
    const id = name.slice(0, -RECORDING_EXT.length);
    if (!ID.test(id)) continue;
    const file = join(dir, name);
    try {
      const rec = parseRecording(file, id, await readFile(file, 'utf8'));
      const ts = rec.events.map((e) => e.t);
      out.push({
        id,
        name: id,
        createdAt: rec.createdAt,
        durationMs: rec.end?.durationMs ?? (ts.length ? Math.max(...ts) - Math.min(...ts) : 0),
        eventCount: rec.events.length,
      });
    } catch (err) {
      logger?.log('warn', 'recording skipped: malformed', {
        file,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** One recording's events and config; the id may hold only letters, digits, _ and -. */
export async function openRecording(
  dir: string,
  id: string,
): Promise<{ events: EngineEvent[]; config: StudioConfig }> {
  if (!ID.test(id))
    throw new RecordingError(
      'invalid_input',
      `recording id "${id}" is invalid: letters, digits, _ or - only`,
    );
  const file = join(dir, `${id}${RECORDING_EXT}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new RecordingError('failed', `no recording "${id}" in ${dir}`);
    throw err;
  }
  const rec = parseRecording(file, id, text);
  return { events: rec.events, config: rec.config };
}

/** The two commands over a recordings dir; `settled` waits for recordings still being written. */
export function createRecordingHandlers(
  dir: string,
  logger: Logger,
  settled: () => Promise<void>,
): Pick<CommandHandlers, 'listRecordings' | 'openRecording'> {
  const asFailure = (err: unknown) =>
    err instanceof RecordingError
      ? fail(err.code, err.message, err.code === 'invalid_input' ? 'id' : undefined)
      : fail('failed', err instanceof Error ? err.message : String(err));
  return {
    listRecordings: async () => {
      await settled();
      try {
        return ok({ recordings: await listRecordings(dir, logger) });
      } catch (err) {
        return asFailure(err);
      }
    },
    openRecording: async ({ id }) => {
      await settled();
      try {
        return ok(await openRecording(dir, id));
      } catch (err) {
        return asFailure(err);
      }
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
