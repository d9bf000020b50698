/**
 * The embedded demo needs a local voice twice: the simulated caller speaks with it (so the real
 * Silero VAD has something to hear) and the agent answers with it. Where none is installed the
 * registry refuses both, with its own warning events naming the fix; the demo then plays its
 * scripted twin (resources/demo/demo.scenario.json: scripted VAD/STT/TTS, silent audio) instead
 * of failing, and says so in the event stream and in the status (lastError), so a newcomer is
 * never left wondering why the agent is mute.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type { ProviderConfigError } from '../providers/registry';
import { LiveSession, type LiveSessionDeps } from './live-session';
import type { SessionPlan } from './session-plan';
import type { ProviderFactory } from './session-providers';

/** The source of the warning that announces the fallback; the host shows it as lastError. */
export const DEMO_FALLBACK_SOURCE = 'studio.demo';

class DemoVoiceUnavailable extends Error {
  constructor(
    message: string,
    /** The setting that could not be used and why, for the session header. */
    readonly setting: string,
    readonly brief: string,
  ) {
    super(message);
  }
}

/**
 * True for the refusals a missing local voice explains: the caller's voice, the local TTS, and
 * the oracle STT that has no caller to hear once the caller is refused. Anything else (an
 * OpenAI provider without its key …) is the user's choice and must fail the start instead.
 */
function isLocalVoiceProblem(p: ProviderConfigError, callerRefused: boolean): boolean {
  if (p.kind === 'caller') return true;
  if (p.kind === 'tts') return p.provider === 'local';
  return p.kind === 'stt' && p.provider === 'simulated' && callerRefused;
}

/**
 * Builds the live session for a plan. A demo call (a plan with a fallback) whose caller or agent
 * voice cannot be built, because no local voice is installed and for no other reason, releases
 * what was built and becomes the scripted demo; the session's fallbacks say so.
 */
export async function createLiveSession(plan: SessionPlan, deps: LiveSessionDeps): Promise<LiveSession> {
  if (plan.kind !== 'call' || !plan.fallback) return LiveSession.create(plan, deps);
  const createProviders: ProviderFactory = async (config, providerDeps) => {
    const providers = await deps.createProviders(config, providerDeps);
    if (providers.caller && providers.tts) return providers;
    const blocking = providers.blocking ?? [];
    const callerRefused = blocking.some((p) => p.kind === 'caller');
    // Another refusal too: the start fails with it (LiveSession.create says which).
    if (!blocking.every((p) => isLocalVoiceProblem(p, callerRefused))) return providers;
    await providers.close();
    const missing = [!providers.caller && 'the caller', !providers.tts && 'the agent']
      .filter(Boolean)
      .join(' and ');
    const why = providers.warnings.length > 0 ? providers.warnings.join('; ') : 'no local voice was built';
    const first = blocking[0];
    throw new DemoVoiceUnavailable(
      `${missing} cannot speak (${why})`,
      first ? (first.entry ?? first.setting) : 'providers.tts',
      first?.brief ?? 'no local voice',
    );
  };
  try {
    return await LiveSession.create(plan, { ...deps, createProviders });
  } catch (err) {
    if (!(err instanceof DemoVoiceUnavailable)) throw err;
    deps.onEvent(fallbackWarning(deps.clock.now(), err.message));
    const live = await LiveSession.create(plan.fallback, deps);
    live.fallbacks.push({ slot: 'demo', using: 'scripted, silent', setting: err.setting, cause: err.brief });
    return live;
  }
}

function fallbackWarning(t: number, reason: string): EngineEvent {
  return {
    type: 'warning',
    t,
    source: DEMO_FALLBACK_SOURCE,
    message:
      `demo: no local voice, so the scripted demo plays instead (scripted VAD, STT and TTS, silent audio): ${reason}. ` +
      'Install espeak-ng (Linux; macOS and Windows have a voice built in) and start again to hear it.',
  };
}
