/**
 * The embedded demo needs a local voice twice: the simulated caller speaks with it (so the real
 * Silero VAD has something to hear) and the agent answers with it. Where none is installed the
 * registry refuses both, with its own warning events naming the fix; the demo then plays its
 * scripted twin (resources/demo/demo.scenario.json: scripted VAD/STT/TTS, silent audio) instead
 * of failing, and says so in the event stream and in the status (lastError), so a newcomer is
 * never left wondering why the agent is mute.
 */
import type { EngineEvent } from '../../shared/engine-events';
import { LiveSession, type LiveSessionDeps } from './live-session';
import type { SessionPlan } from './session-plan';
import type { ProviderFactory } from './session-providers';

/** The source of the warning that announces the fallback; the host shows it as lastError. */
export const DEMO_FALLBACK_SOURCE = 'studio.demo';

class DemoVoiceUnavailable extends Error {}

/**
 * Builds the live session for a plan. A demo call (a plan with a fallback) whose caller or agent
 * voice cannot be built releases what was built and becomes the scripted demo.
 */
export async function createLiveSession(plan: SessionPlan, deps: LiveSessionDeps): Promise<LiveSession> {
  if (plan.kind !== 'call' || !plan.fallback) return LiveSession.create(plan, deps);
  const createProviders: ProviderFactory = async (config, providerDeps) => {
    const providers = await deps.createProviders(config, providerDeps);
    if (providers.caller && providers.tts) return providers;
    await providers.close();
    const missing = [!providers.caller && 'the caller', !providers.tts && 'the agent']
      .filter(Boolean)
      .join(' and ');
    const why = providers.warnings.length > 0 ? providers.warnings.join('; ') : 'no local voice was built';
    throw new DemoVoiceUnavailable(`${missing} cannot speak (${why})`);
  };
  try {
    return await LiveSession.create(plan, { ...deps, createProviders });
  } catch (err) {
    if (!(err instanceof DemoVoiceUnavailable)) throw err;
    deps.onEvent(fallbackWarning(deps.clock.now(), err.message));
    return LiveSession.create(plan.fallback, deps);
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
