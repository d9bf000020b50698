/**
 * The one error readers throw: recordings are files on disk, cut short by crashes or edited by
 * hand, so every problem reading one is a RecordingError whose message names the file (and the
 * line where there is one). `code` is the studio API's error code the command router returns.
 */
import type { ErrorCode } from '../../shared/studio-api';

export class RecordingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RecordingError';
  }
}

/** Letters, digits, _ and - only: an id can never leave the recordings directory. */
export const RECORDING_ID = /^[A-Za-z0-9_-]{1,200}$/;

export function checkRecordingId(id: string): void {
  if (typeof id !== 'string' || !RECORDING_ID.test(id))
    throw new RecordingError(
      'invalid_input',
      `recording id "${String(id).slice(0, 80)}" is invalid: 1-200 letters, digits, _ or - only`,
    );
}

export function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** `12:03.4` (minutes:seconds.tenths) for messages that say where a recording ends. */
export function clockText(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const neg = ms < 0;
  const tenths = Math.round(Math.abs(ms) / 100);
  const min = Math.floor(tenths / 600);
  const sec = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  return `${neg ? '-' : ''}${min}:${sec}`;
}
