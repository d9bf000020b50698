/**
 * The studio API's compare commands: `diffRecordings` (two runs turn by turn, with both runs'
 * events for the diff view's timelines) and `rerunRecording` (a recording's user played again
 * against a config, into a new recording linked to its source). The comparing and re-running
 * are the replay module's (src/main/replay); this module opens the recordings through the
 * recording library, validates the config, and shapes what the renderer receives.
 */
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import { MAX_DIFF_TIMELINE_EVENTS, type DiffRun } from '../../shared/recording-diff';
import type { OpenedRecording } from '../recording/api';
import type { Logger } from '../log';
import { ProviderStartError } from '../providers/registry-report';
import { RerunConfigError } from '../replay/config-edit';
import { diffRecordings, type DiffSide } from '../replay/diff';
import { fail, invalidInput, ok, type CommandHandlers } from './command-router';
import { errorText } from '../engine';
import type { RecordingLibrary } from './recording-commands';

/** What a re-run needs; studio-rerun.ts provides it (virtual or real time, by the config). */
export type RerunFn = (request: {
  source: OpenedRecording;
  config: StudioConfig;
}) => Promise<{ id: string; clock: 'virtual' | 'real'; notes: string[] }>;

export interface DiffCommandsOptions {
  library: Pick<RecordingLibrary, 'open'>;
  logger: Logger;
  /** Main's current config: what "Re-run with current config" runs when the renderer sends none. */
  currentConfig: () => StudioConfig;
  /** Absent until the replay module's re-run is wired: rerunRecording then answers not_available. */
  rerun?: RerunFn;
  /** Waits for recordings still being written (a session or re-run that just ended). */
  settled?: () => Promise<void>;
}

export type DiffCommandName = 'diffRecordings' | 'rerunRecording';

/** A recording read whole: the diff compares every turn. */
async function readRun(rec: OpenedRecording): Promise<{ side: DiffSide; run: DiffRun }> {
  const events: EngineEvent[] = [];
  for await (const ev of rec.events()) events.push(ev);
  const { manifest } = rec;
  const lastT = events.length > 0 ? events[events.length - 1].t : manifest.startedAtT;
  const config = manifest.config as { agent?: { instructions?: unknown } } | null;
  const instructions = typeof config?.agent?.instructions === 'string' ? config.agent.instructions : null;
  return {
    side: { id: rec.id, path: rec.path, agents: manifest.agents, instructions, events },
    run: {
      id: rec.id,
      title: manifest.title,
      agents: manifest.agents,
      startT: manifest.startedAtT,
      endT: manifest.durationMs === null ? lastT : Math.max(lastT, manifest.startedAtT + manifest.durationMs),
      events: events.length > MAX_DIFF_TIMELINE_EVENTS ? events.slice(0, MAX_DIFF_TIMELINE_EVENTS) : events,
      eventCount: events.length,
      sourceId: manifest.source?.id ?? null,
    },
  };
}

export function createDiffHandlers(options: DiffCommandsOptions): Pick<CommandHandlers, DiffCommandName> {
  const settled = options.settled ?? (() => Promise.resolve());
  const open = async (id: string, field: string) => {
    try {
      return { ok: true as const, rec: await options.library.open(id) };
    } catch (err) {
      return { ok: false as const, error: fail('failed', `recording ${id}: ${errorText(err)}`, field) };
    }
  };

  return {
    diffRecordings: async ({ a, b }) => {
      await settled();
      const ra = await open(a, 'a');
      if (!ra.ok) return ra.error;
      const rb = await open(b, 'b');
      if (!rb.ok) {
        await ra.rec.close();
        return rb.error;
      }
      try {
        const [runA, runB] = [await readRun(ra.rec), await readRun(rb.rec)];
        const report = diffRecordings(runA.side, runB.side);
        options.logger.log('info', 'recordings compared', { a, b, turns: report.turns.length });
        return ok({ report, a: runA.run, b: runB.run });
      } finally {
        await Promise.all([ra.rec.close(), rb.rec.close()]);
      }
    },

    rerunRecording: async ({ id, config }) => {
      const parsed = StudioConfigSchema.safeParse(config ?? options.currentConfig());
      if (!parsed.success) {
        options.logger.log('info', 're-run refused: invalid config', { issues: formatIssues(parsed.error) });
        return invalidInput(parsed.error, 'config');
      }
      const rerun = options.rerun;
      if (!rerun) return fail('not_available', 're-running a recording is not available in this build');
      await settled();
      const source = await open(id, 'id');
      if (!source.ok) return source.error;
      try {
        const result = await rerun({ source: source.rec, config: parsed.data });
        options.logger.log('info', 'recording re-run', { source: id, id: result.id, clock: result.clock });
        return ok({ id: result.id, sourceId: id, clock: result.clock, notes: result.notes });
      } catch (err) {
        // A config the re-run cannot build or run is the user's to fix: name the field.
        if (err instanceof RerunConfigError)
          return fail(
            'invalid_input',
            err.message,
            err.field === 'config' ? 'config' : `config.${err.field}`,
          );
        if (err instanceof ProviderStartError)
          return fail('provider_unavailable', err.message, `config.${err.field}`);
        throw err;
      } finally {
        await source.rec.close();
      }
    },
  };
}
