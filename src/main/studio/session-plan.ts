/**
 * What a start request turns into, decided before anything runs: a refusal (a mode that is not
 * wired yet, a bad scenario file, a bad tool schema) costs nothing and leaves the studio idle,
 * instead of surfacing halfway through a start as a session error.
 */
import { SessionOptionsSchema, type StudioConfig } from '../../shared/config';
import type { StudioError } from '../../shared/studio-api';
import { loadScenarioFile, type Scenario } from '../simulation/scenario-loader';
import { checkConfigTools } from './config-tools';

export type SessionPlan =
  /** Typed turns only; the agent answers with the configured providers. */
  | { kind: 'text'; config: StudioConfig }
  /** A scenario played live as the caller, with its scripted LLM and TTS. */
  | { kind: 'scenario'; config: StudioConfig; scenario: Scenario }
  /** The config's simulated caller (caller.turns), heard through the configured VAD and STT. */
  | { kind: 'call'; config: StudioConfig }
  /** The renderer's microphone (pushAudio), heard through the configured VAD and STT. */
  | { kind: 'microphone'; config: StudioConfig };

export type PlanResult = { ok: true; plan: SessionPlan } | { ok: false; error: StudioError };

export interface PlanOptions {
  /** The scenario played when inputMode is 'simulated' and the config names none. */
  demoScenarioPath: string | null;
}

const refuse = (code: StudioError['code'], message: string, field?: string): PlanResult => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

export async function planSession(config: StudioConfig, opts: PlanOptions): Promise<PlanResult> {
  switch (config.inputMode) {
    case 'livekit':
      return refuse(
        'not_available',
        'inputMode "livekit" is not available yet: the LiveKit room bridge is not wired; use "simulated" or "text"',
        'inputMode',
      );
    case 'text':
    case 'microphone': {
      const problem = checkConfigTools(config)[0];
      if (problem) return refuse('invalid_input', `${problem.field}: ${problem.message}`, problem.field);
      return { ok: true, plan: { kind: config.inputMode, config } };
    }
    case 'simulated': {
      // A scenario named explicitly wins; then the config's own caller; the demo when neither.
      if (config.scenarioPath === undefined && config.caller.turns.length > 0) {
        const problem = checkConfigTools(config)[0];
        if (problem) return refuse('invalid_input', `${problem.field}: ${problem.message}`, problem.field);
        return { ok: true, plan: { kind: 'call', config } };
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
    const issues = loaded.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
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
