/**
 * Parsing version 1 recordings (the `<id>.jsonl` files SessionRecorder writes). Files are on disk
 * and may be cut short or edited, so every read is untrusted: a malformed file is refused with an
 * error naming the file and the line (recording-library.ts lists it as a problem). Parsing is all
 * or nothing — never a partial event list that would replay as if it were the whole session.
 */
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import { RecordingError } from '../recording/errors';
import { RECORDING_VERSION } from './recorder';

// One error class for every recording reader: it lives in the recording module now.
export { RecordingError };

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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
