/**
 * "Re-run with current config" from the studio: the replay module's re-runs, chosen by the
 * config. When its providers are the recording's, the re-run takes the virtual clock and the
 * recorded replies (moments, deterministic); when they differ (a real LLM, another voice), it
 * runs in real time with those providers on the recording's user audio, as `rerun --realtime`
 * does. Both record into the studio's recordings directory, linked to the source.
 */
import type { StudioConfig } from '../../shared/config';
import { createRecordingWriter } from '../recording';
import type { OpenedRecording, RecordingWriter, RecordingWriterOptions } from '../recording/api';
import type { Logger, Redactor } from '../log';
import {
  agentsById,
  checkVirtualProviders,
  readAllEvents,
  readWholeTrack,
  recordedConfig,
  RerunConfigError,
  rerunVirtual,
  runRealtime,
  sessionFacts,
} from '../replay';
import type { RerunFn } from './diff-commands';
import type { ProviderFactory } from './session-providers';

export interface StudioRerunDeps {
  recordingsDir: string;
  logger: Logger;
  redact: Redactor;
  appVersion: string;
  /** Builds a real-time re-run's providers (the registry with main's keys). */
  createProviders: ProviderFactory;
  createWriter?: (opts: RecordingWriterOptions) => RecordingWriter;
}

/** True when the config runs the recording's own providers: the virtual clock can replay them. */
export function runsRecordedProviders(source: OpenedRecording, config: StudioConfig): boolean {
  const recorded = recordedConfig(source.manifest.config, source.id);
  try {
    checkVirtualProviders(recorded, config);
    return true;
  } catch (err) {
    if (err instanceof RerunConfigError) return false;
    throw err;
  }
}

export function studioRerun(deps: StudioRerunDeps): RerunFn {
  const createWriter = deps.createWriter ?? createRecordingWriter;
  return async ({ source, config }) => {
    if (runsRecordedProviders(source, config)) {
      const r = await rerunVirtual({
        source,
        config,
        recordingsDir: deps.recordingsDir,
        createWriter,
        appVersion: deps.appVersion,
        redact: deps.redact,
        logger: deps.logger,
      });
      if (r.id === null) throw new Error('the re-run was not recorded');
      return { id: r.id, clock: r.clock, notes: [...r.failures.map((f) => `problem: ${f}`), ...r.notes] };
    }
    const facts = sessionFacts(await readAllEvents(source), { agents: agentsById(config) });
    const track = await readWholeTrack(source, 'user', facts.endT + 1);
    if (!track)
      throw new Error(
        `recording ${source.id} has no user audio: a re-run with other providers than the recording's runs them in real time on it`,
      );
    const r = await runRealtime({
      config,
      audio: track,
      audioAtMs: Math.max(0, track.startT - facts.originT),
      actions: facts.actions.map((a) => ({ ...a, t: a.t - facts.originT })),
      createProviders: deps.createProviders,
      recordingsDir: deps.recordingsDir,
      createWriter,
      appVersion: deps.appVersion,
      redact: deps.redact,
      logger: deps.logger,
      inputKind: 'rerun',
      source: { id: source.id, path: source.path },
    });
    if (r.id === null) throw new Error('the re-run was not recorded');
    const notes =
      r.end.reason === 'error' ? [`the session ended with an error: ${r.end.error ?? 'unknown'}`] : [];
    return { id: r.id, clock: r.clock, notes };
  };
}
