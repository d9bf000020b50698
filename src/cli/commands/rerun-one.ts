/**
 * One re-run for the CLI (in the main thread or a worker): open REC, build the edited config
 * (the recorded one, or --config FILE, with every --set), run it on the virtual clock and record
 * it. Returns printable lines and whether it worked; never throws for a bad recording or config.
 */
import {
  editedConfig,
  openRecordingPath,
  recordedConfig,
  rerunVirtual,
  RerunConfigError,
} from '../../main/replay';
import { loadStudioConfig } from './config-file';
import type { RecordTarget } from './record-target';

export interface RerunJob {
  rec: string;
  configPath?: string;
  sets: string[];
}

export interface RerunOutcome {
  rec: string;
  ok: boolean;
  /** The new recording's folder (null when not recorded or failed). */
  path: string | null;
  lines: string[];
}

const text = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function rerunOne(job: RerunJob, target: RecordTarget): Promise<RerunOutcome> {
  let source;
  try {
    source = await openRecordingPath(job.rec);
  } catch (err) {
    return { rec: job.rec, ok: false, path: null, lines: [`FAIL ${job.rec}: ${text(err)}`] };
  }
  try {
    const base = job.configPath
      ? loadStudioConfig(job.configPath)
      : recordedConfig(source.manifest.config, source.id);
    const config = editedConfig(base, job.sets);
    const result = await rerunVirtual({ ...target, source, config, recordingsDir: target.dir });
    const lines = [
      ...result.notes.map((n) => `note: ${n}`),
      ...result.failures.map((f) => `problem: ${f}`),
      result.path ? `recording: ${result.path}` : `re-ran ${source.id} (not recorded)`,
    ];
    return { rec: job.rec, ok: result.failures.length === 0, path: result.path, lines };
  } catch (err) {
    const field = err instanceof RerunConfigError ? ` (field ${err.field})` : '';
    return { rec: job.rec, ok: false, path: null, lines: [`FAIL ${job.rec}: ${text(err)}${field}`] };
  } finally {
    await source.close();
  }
}
