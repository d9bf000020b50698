/**
 * A scenario run on the virtual clock, recorded as a v2 recording (the CLI's `run --scenario
 * FILE --record DIR`): the events as the runner saw them, the config the scenario ran with
 * (its options and agents), and no audio — the scripted fakes hear and speak none.
 */
import { randomUUID } from 'node:crypto';
import { StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { RecordingProvider } from '../../shared/recording';
import type { RecordingWriter, RecordingWriterOptions } from '../recording/api';
import type { Logger, Redactor } from '../log';
import type { RunLimits } from '../simulation/run-limits';
import type { Scenario } from '../simulation/scenario-loader';
import { runScenario, type ScenarioOutcome } from '../simulation/scenario-runner';
import { START_AGENT_ID } from '../agents-config';

export interface RecordedRunOptions {
  scenario: Scenario;
  /** Where the recording's folder goes; null: not recorded. */
  recordingsDir: string | null;
  createWriter: (opts: RecordingWriterOptions) => RecordingWriter;
  appVersion: string;
  redact: Redactor;
  logger: Logger;
  limits?: Partial<RunLimits>;
  now?: () => number;
}

export interface RecordedRun {
  outcome: ScenarioOutcome;
  id: string | null;
  path: string | null;
  /** A recording that stopped on a write error says so here. */
  problems: string[];
}

const SCRIPTED: RecordingProvider[] = (['llm', 'stt', 'tts', 'vad'] as const).map((slot) => ({
  slot,
  provider: 'scenario',
}));

/** The studio config a scenario runs as: its options and agents (what the studio's editor shows for it). */
export function scenarioConfig(scenario: Scenario): StudioConfig {
  return StudioConfigSchema.parse({
    options: scenario.options,
    agent: scenario.agent,
    agents: scenario.agents,
    ...(scenario.file ? { scenarioPath: scenario.file } : {}),
  });
}

export async function runScenarioRecorded(opts: RecordedRunOptions): Promise<RecordedRun> {
  const now = opts.now ?? Date.now;
  const startedAtMs = now();
  const outcome = await runScenario(opts.scenario, opts.limits);
  const problems: string[] = [];
  if (opts.recordingsDir === null) return { outcome, id: null, path: null, problems };
  const events = outcome.record.events;
  const writer = opts.createWriter({
    dir: opts.recordingsDir,
    sessionId: randomUUID().slice(0, 8),
    startedAtMs,
    startedAtT: 0,
    inputKind: 'scenario',
    config: scenarioConfig(opts.scenario),
    agents: [START_AGENT_ID, ...Object.keys(opts.scenario.agents)],
    providers: SCRIPTED,
    source: null,
    appVersion: opts.appVersion,
    redact: opts.redact,
    logger: opts.logger,
    now,
    onFailure: (message) => problems.push(message),
  });
  for (const ev of events) writer.pushEvent(ev);
  const close = events.find((e) => e.type === 'close');
  await writer.close({
    reason: close?.type === 'close' && close.reason === 'error' ? 'error' : 'closed',
    endT: events.at(-1)?.t ?? 0,
    endedAtMs: now(),
  });
  return { outcome, id: writer.id, path: writer.path, problems };
}
