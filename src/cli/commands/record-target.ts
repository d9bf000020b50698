/**
 * Where a CLI session's recording goes. Recording is on by default, as in the studio: into
 * `--record DIR`, else the config's `recording.dir`, else the studio's recordings directory
 * ($STUDIO_RECORDINGS_DIR or the config dir), so the studio's browser lists it. `--no-record`
 * or `recording.enabled: false` turns it off.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StudioConfig } from '../../shared/config';
import { createLogger, type Logger, type Redactor } from '../../main/log';
import { createRecordingWriter } from '../../main/recording';
import type { RecordingWriter, RecordingWriterOptions } from '../../main/recording/api';
import { defaultRecordingsDir } from '../../main/recording';
import { redactorOf, sharedKeyStore } from '../../main/studio/key-store';
import { appVersionFrom } from '../app-root';
import { UsageError } from './command';

export const RECORD_OPTIONS = {
  record: { type: 'string' },
  'no-record': { type: 'boolean', default: false },
} as const;

export const RECORD_USAGE =
  '  --record DIR    put the new recording folder in DIR (default: the studio recordings dir) and print its path\n  --no-record     do not record\n';

export interface RecordTarget {
  /** null: not recorded. */
  dir: string | null;
  createWriter: (opts: RecordingWriterOptions) => RecordingWriter;
  appVersion: string;
  redact: Redactor;
  logger: Logger;
}

export function recordTarget(
  values: { record?: string; 'no-record'?: boolean },
  config: Pick<StudioConfig, 'recording'> | null,
): RecordTarget {
  if (values.record !== undefined && values['no-record'])
    throw new UsageError('--record and --no-record: give one of them');
  const off =
    values['no-record'] === true || (values.record === undefined && config?.recording.enabled === false);
  const redact = redactorOf(sharedKeyStore());
  return {
    dir: off ? null : resolve(values.record ?? config?.recording.dir ?? defaultRecordingsDir()),
    createWriter: createRecordingWriter,
    appVersion: appVersionFrom(dirname(fileURLToPath(import.meta.url))),
    redact,
    logger: createLogger('recording', undefined, redact),
  };
}
