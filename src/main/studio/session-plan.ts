/**
 * What a start request turns into, decided before anything runs: a refusal (a mode that is not
 * wired yet, a bad scenario file, a bad tool schema) costs nothing and leaves the studio idle,
 * instead of surfacing halfway through a start as a session error.
 */
import { SessionOptionsSchema, type LiveKitConfig, type StudioConfig } from '../../shared/config';
import type { StudioError } from '../../shared/studio-api';
import { loadScenarioFile, type Scenario } from '../simulation/scenario-loader';
import { checkConfigTools } from '../agents-config';
import { isDemoCaller } from './demo';
import type { LaunchReview } from './launch-trust';

export type SessionPlan =
  /** Typed turns only; the agent answers with the configured providers. */
  | { kind: 'text'; config: StudioConfig }
  /** A scenario played live as the caller, with its scripted LLM and TTS. */
  | { kind: 'scenario'; config: StudioConfig; scenario: Scenario }
  /**
   * The config's simulated caller (caller.turns), heard through the configured VAD and STT.
   * `fallback`: the demo's caller, which plays the scripted demo when it has no voice.
   */
  | { kind: 'call'; config: StudioConfig; fallback?: ScenarioPlan }
  /** The renderer's microphone (pushAudio), heard through the configured VAD and STT. */
  | { kind: 'microphone'; config: StudioConfig }
  /** A LiveKit room: a remote participant is heard through the configured VAD and STT. */
  | { kind: 'livekit'; config: StudioConfig; livekit: LiveKitConfig };

export type ScenarioPlan = Extract<SessionPlan, { kind: 'scenario' }>;

export type PlanResult = { ok: true; plan: SessionPlan } | { ok: false; error: StudioError };

export interface PlanOptions {
  /** The scripted demo: played when the demo config's caller has no voice (or there is no demo config). */
  demoScenarioPath: string | null;
  /** The embedded default (resources/demo/demo-config.json): run when 'simulated' names no caller. */
  demoConfig?: StudioConfig | null;
  /** The client's config passes main's launch review first (commands, secret names; launch-trust.ts). */
  review?: LaunchReview;
}

/** Problems of an invalid scenario file named in the refusal; the rest are counted. */
const MAX_ISSUES_SHOWN = 5;

const refuse = (code: StudioError['code'], message: string, field?: string): PlanResult => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

export async function planSession(input: StudioConfig, opts: PlanOptions): Promise<PlanResult> {
  const reviewed = opts.review ? await opts.review(input) : ({ ok: true, config: input } as const);
  if (!reviewed.ok) return reviewed;
  const config = reviewed.config;
  switch (config.inputMode) {
    case 'livekit': {
      if (!config.livekit)
        return refuse(
          'invalid_input',
          'livekit.url: inputMode "livekit" needs livekit.url (ws:// or wss://, e.g. wss://my-project.livekit.cloud) and livekit.room',
          'livekit.url',
        );
      const problem = checkConfigTools(config)[0];
      if (problem) return refuse('invalid_input', `${problem.field}: ${problem.message}`, problem.field);
      return { ok: true, plan: { kind: 'livekit', config, livekit: config.livekit } };
    }
    case 'text':
    case 'microphone': {
      const problem = checkConfigTools(config)[0];
      if (problem) return refuse('invalid_input', `${problem.field}: ${problem.message}`, problem.field);
      return { ok: true, plan: { kind: config.inputMode, config } };
    }
    case 'simulated': {
      // A scenario named explicitly wins; then the config's own caller; the demo when neither.
      const demo = opts.demoConfig ?? null;
      const call = config.scenarioPath !== undefined ? null : config.caller.turns.length > 0 ? config : demo;
      if (call) {
        const problem = checkConfigTools(call)[0];
        if (problem) return refuse('invalid_input', `${problem.field}: ${problem.message}`, problem.field);
        const fallback = isDemoCaller(call, demo) ? await planScenario(call, opts) : null;
        // The price table is the user's, not the demo's: it stays whichever config runs.
        const priced = call === config ? call : { ...call, pricing: { ...call.pricing, ...config.pricing } };
        const plan = { kind: 'call' as const, config: priced };
        return {
          ok: true,
          plan:
            fallback?.ok && fallback.plan.kind === 'scenario' ? { ...plan, fallback: fallback.plan } : plan,
        };
      }
      return planScenario(config, opts);
    }
  }
}

async function planScenario(config: StudioConfig, opts: PlanOptions): Promise<PlanResult> {
  const path = config.scenarioPath ?? opts.demoScenarioPath;
  if (path === null)
    return refuse(
      'failed',
      'the demo scenario (resources/demo/demo.scenario.json) is missing from this installation; set scenarioPath',
      'scenarioPath',
    );
  const loaded = await loadScenarioFile(path);
  if (!loaded.ok) {
    // A banner, not a report: the first few problems, and how many more `npm run scenarios` shows.
    const shown = loaded.issues.slice(0, MAX_ISSUES_SHOWN).map((i) => `${i.path}: ${i.message}`);
    const more = loaded.issues.length - shown.length;
    const issues =
      shown.join('; ') + (more > 0 ? `; and ${more} more (npm run scenarios -- FILE lists all)` : '');
    return refuse('invalid_input', `scenario ${loaded.file} is not valid: ${issues}`, 'scenarioPath');
  }
  const scenario = loaded.scenario;
  // The scenario's agent and options are what runs, so they are what the editor shows and edits.
  const effective: StudioConfig = {
    ...config,
    options: SessionOptionsSchema.parse(scenario.options),
    agent: scenario.agent,
    agents: scenario.agents,
  };
  return { ok: true, plan: { kind: 'scenario', config: effective, scenario } };
}
