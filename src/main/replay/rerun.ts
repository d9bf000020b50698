/**
 * Re-run: a recording's user (speeches, typed turns, timed actions) played again through the
 * engine with an edited config, on the virtual clock — as fast as the CPU allows — with the
 * recorded LLM replies, TTS durations and tool results scripted (scenario-export.ts). The run is
 * recorded as a new recording (input kind `rerun`, `source` = the original) with the original's
 * user audio copied onto the new event clock, so the two can be replayed and diffed.
 *
 * A virtual re-run cannot ask a different provider anything: a config whose providers differ from
 * the recording's is refused naming the field (a real-time re-run runs them). Edits the replayed
 * replies cannot follow (instructions, tools) are run and reported in `notes`.
 */
import { randomUUID } from 'node:crypto';
import type { StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { RecordingEndReason, RecordingProvider } from '../../shared/recording';
import type { OpenedRecording, RecordingWriter, RecordingWriterOptions } from '../recording/api';
import type { Logger, Redactor } from '../log';
import { DEFAULT_MAX_VIRTUAL_MS, type RunLimits } from '../simulation/run-limits';
import { executeScenario, runEndMs } from '../simulation/scenario-runner';
import { RerunConfigError, recordedConfig } from './config-edit';
import { agentsById, buildScenario } from './scenario-export';
import { sessionFacts } from './session-facts';
import { readAllEvents } from './source';

export interface RerunOptions {
  source: OpenedRecording;
  /** The config to run (already edited and validated); default the recorded one. */
  config?: StudioConfig;
  /** Where the new recording's folder goes; null: not recorded. */
  recordingsDir: string | null;
  createWriter: (opts: RecordingWriterOptions) => RecordingWriter;
  appVersion: string;
  redact: Redactor;
  logger: Logger;
  /** Wall clock (epoch ms) for the manifest. */
  now?: () => number;
  /** The run's budgets; default: the scenario defaults, the virtual cap raised to the recording's length. */
  limits?: Partial<RunLimits>;
}

export interface RerunResult {
  /** The new recording (null when not recorded). */
  id: string | null;
  path: string | null;
  clock: 'virtual';
  /** Every event of the re-run, in order. */
  events: EngineEvent[];
  /** Problems of the run itself (did not close, leaks, actions that threw). */
  failures: string[];
  /** What the re-run could not reproduce or follow. */
  notes: string[];
}

/** What a virtual re-run runs instead of the configured providers. */
const REPLAYED: RecordingProvider[] = (['llm', 'stt', 'tts', 'vad'] as const).map((slot) => ({
  slot,
  provider: 'replay',
}));

/** Audio copied in pages: a long track is never read whole. */
const AUDIO_PAGE_MS = 60_000;

/** Refuses a virtual re-run of providers the recording did not use: it could only replay the old replies. */
export function checkVirtualProviders(recorded: StudioConfig, edited: StudioConfig): void {
  for (const slot of ['llm', 'stt', 'tts', 'vad'] as const) {
    if (JSON.stringify(recorded.providers[slot]) !== JSON.stringify(edited.providers[slot]))
      throw new RerunConfigError(
        `providers.${slot}: a virtual re-run replays the recorded ${slot.toUpperCase()} and cannot run a changed provider; re-run with --realtime to use it`,
        `providers.${slot}`,
      );
  }
}

function editNotes(recorded: StudioConfig, edited: StudioConfig): string[] {
  const notes: string[] = [];
  const agents = {
    default: [recorded.agent, edited.agent],
    ...Object.fromEntries(Object.keys(edited.agents).map((k) => [k, [recorded.agents[k], edited.agents[k]]])),
  };
  for (const [name, [a, b]] of Object.entries(agents)) {
    if (a?.instructions !== b?.instructions)
      notes.push(
        `${name} agent instructions changed: the replayed LLM replies do not follow them (use --realtime)`,
      );
    if (JSON.stringify(a?.tools.map((t) => t.name)) !== JSON.stringify(b?.tools.map((t) => t.name)))
      notes.push(`${name} agent tools changed: the replayed LLM still calls the recorded tools`);
  }
  return notes;
}

function endReason(events: readonly EngineEvent[]): Exclude<RecordingEndReason, 'crashed'> {
  const close = events.find((e) => e.type === 'close');
  if (close?.type !== 'close') return 'closed';
  return close.reason === 'error' ? 'error' : close.reason === 'user_initiated' ? 'stopped' : 'closed';
}

/** Copies the source's user track onto the re-run's clock (`shiftMs` added to every time). */
async function copyUserAudio(
  source: OpenedRecording,
  writer: RecordingWriter,
  fromT: number,
  toT: number,
  shiftMs: number,
): Promise<boolean> {
  if (!source.manifest.audio.user) return false;
  let copied = false;
  for (let t = Math.max(fromT, source.manifest.audio.user.offsetMs); t < toT; t += AUDIO_PAGE_MS) {
    const page = await source.readAudio('user', t, Math.min(AUDIO_PAGE_MS, toT - t));
    if (!page || page.data.length === 0) break;
    writer.pushAudio('user', page.startT + shiftMs, {
      data: page.data,
      sampleRate: page.sampleRate,
      channels: page.channels,
    });
    copied = true;
  }
  return copied;
}

/** Runs the re-run on the virtual clock and records it. */
export async function rerunVirtual(opts: RerunOptions): Promise<RerunResult> {
  const { source } = opts;
  const now = opts.now ?? Date.now;
  const recorded = recordedConfig(source.manifest.config, source.id);
  const config = opts.config ?? recorded;
  checkVirtualProviders(recorded, config);
  const events = await readAllEvents(source);
  const facts = sessionFacts(events, { agents: agentsById(config) });
  const built = buildScenario(facts, config, {
    name: `re-run of ${source.id}`,
    description: `re-run of recording ${source.path}`,
    expect: false,
    rerun: true,
  });
  const notes = [...editNotes(recorded, config), ...built.notes];
  const startedAtMs = now();
  // The recording's own length is the script's: a re-run of a long call is not a runaway file.
  const run = await executeScenario(built.scenario, {
    maxVirtualMs: Math.max(DEFAULT_MAX_VIRTUAL_MS, runEndMs(built.scenario)),
    ...opts.limits,
  });
  const runEvents = run.record.events;
  const failures = run.runFailures.map((f) => f.message);
  if (opts.recordingsDir === null)
    return { id: null, path: null, clock: 'virtual', events: runEvents, failures, notes };

  const writer = opts.createWriter({
    dir: opts.recordingsDir,
    sessionId: `rerun-${randomUUID().slice(0, 8)}`,
    startedAtMs,
    startedAtT: 0,
    inputKind: 'rerun',
    config,
    agents: source.manifest.agents.length > 0 ? source.manifest.agents : Object.keys(agentsById(config)),
    providers: REPLAYED,
    source: { id: source.id, path: source.path },
    appVersion: opts.appVersion,
    redact: opts.redact,
    logger: opts.logger,
    now,
    onFailure: (message) => notes.push(`the re-run's recording stopped: ${message}`),
  });
  for (const ev of runEvents) writer.pushEvent(ev);
  const endT = runEvents.at(-1)?.t ?? 0;
  // Script t = 0 is the source's originT and the run's originMs.
  const shift = run.record.originMs - facts.originT;
  const copied = await copyUserAudio(source, writer, facts.originT, facts.originT + endT + 1, shift).catch(
    (err: unknown) => {
      notes.push(
        `the source's user audio could not be copied: ${err instanceof Error ? err.message : String(err)}`,
      );
      return false;
    },
  );
  if (!copied && source.manifest.audio.user)
    notes.push('the source has a user track but none of it was copied');
  // The agent's voice is scripted silence here: no agent track is written rather than a fake one.
  await writer.close({ reason: endReason(runEvents), endT, endedAtMs: now() });
  return { id: writer.id, path: writer.path, clock: 'virtual', events: runEvents, failures, notes };
}
