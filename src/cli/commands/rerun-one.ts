/**
 * One re-run for the CLI (in the main thread or a worker): open REC, build the edited config
 * (the recorded one, or --config FILE, with every --set), run it on the virtual clock and record
 * it. Returns printable lines and whether it worked; never throws for a bad recording or config.
 */
import type { StudioConfig } from '../../shared/config';
import { errorText } from '../../shared/error-text';
import type { OpenedRecording } from '../../main/recording/api';
import { sharedKeyStore } from '../../main/studio/key-store';
import { registryProviders } from '../../main/studio/session-providers';
import {
  agentsById,
  readAllEvents,
  readWholeTrack,
  runRealtime,
  sessionFacts,
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
  /** Real time with the configured providers, fed the recorded user audio. */
  realtime?: boolean;
}

export interface RerunOutcome {
  rec: string;
  ok: boolean;
  /** The new recording's folder (null when not recorded or failed). */
  path: string | null;
  lines: string[];
}

export async function rerunOne(job: RerunJob, target: RecordTarget): Promise<RerunOutcome> {
  let source;
  try {
    source = await openRecordingPath(job.rec);
  } catch (err) {
    return { rec: job.rec, ok: false, path: null, lines: [`FAIL ${job.rec}: ${errorText(err)}`] };
  }
  try {
    const base = job.configPath
      ? loadStudioConfig(job.configPath)
      : recordedConfig(source.manifest.config, source.id);
    const config = editedConfig(base, job.sets);
    if (job.realtime) return await rerunRealtime(job, source, config, target);
    const result = await rerunVirtual({ ...target, source, config, recordingsDir: target.dir });
    const lines = [
      ...result.notes.map((n) => `note: ${n}`),
      ...result.failures.map((f) => `problem: ${f}`),
      result.path ? `recording: ${result.path}` : `re-ran ${source.id} (not recorded)`,
    ];
    return { rec: job.rec, ok: result.failures.length === 0, path: result.path, lines };
  } catch (err) {
    const field = err instanceof RerunConfigError ? ` (field ${err.field})` : '';
    return { rec: job.rec, ok: false, path: null, lines: [`FAIL ${job.rec}: ${errorText(err)}${field}`] };
  } finally {
    await source.close();
  }
}

/** The recorded user audio, typed turns and actions in real time through the configured providers. */
async function rerunRealtime(
  job: RerunJob,
  source: OpenedRecording,
  config: StudioConfig,
  target: RecordTarget,
): Promise<RerunOutcome> {
  const facts = sessionFacts(await readAllEvents(source), { agents: agentsById(config) });
  const track = await readWholeTrack(source, 'user', facts.endT + 1);
  if (!track)
    return {
      rec: job.rec,
      ok: false,
      path: null,
      lines: [`FAIL ${job.rec}: --realtime needs the recording's user audio (user.wav), and it has none`],
    };
  const result = await runRealtime({
    ...target,
    config,
    audio: track,
    audioAtMs: Math.max(0, track.startT - facts.originT),
    actions: facts.actions.map((a) => ({ ...a, t: a.t - facts.originT })),
    createProviders: registryProviders(sharedKeyStore()),
    recordingsDir: target.dir,
    inputKind: 'rerun',
    source: { id: source.id, path: source.path },
  });
  const lines = [
    `session ended: ${result.end.reason}`,
    result.path ? `recording: ${result.path}` : `re-ran ${source.id} in real time (not recorded)`,
  ];
  return { rec: job.rec, ok: result.end.reason !== 'error', path: result.path, lines };
}
