/**
 * The embedded demo needs a local voice twice: the simulated caller speaks with it (so the real
 * Silero VAD has something to hear) and the agent answers with it. Where none is installed the
 * registry refuses both, with its own warning events naming the fix; the demo then plays its
 * scripted twin (resources/demo/demo.scenario.json: scripted VAD/STT/TTS, silent audio) instead
 * of failing, and says so in the event stream and in the status (lastError), so a newcomer is
 * never left wondering why the agent is mute.
 */
import type { StudioConfig } from '../../shared/config';
import type { EngineEventInput } from '../engine';
import type { ProviderConfigError } from '../providers/registry';
import { openCall } from './session-io/call-io';
import { openScenario } from './session-io/scenario-io';
import type { OpenedSession, SessionIOContext } from './session-io/session-io';
import type { ScenarioPlan } from './session-plan';
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
 * Opens a demo call. When its caller or agent voice cannot be built, because no local voice is
 * installed and for no other reason, it releases what was built and opens the scripted demo
 * instead; the session's fallbacks say so.
 */
export async function openDemoCall(
  config: StudioConfig,
  fallback: ScenarioPlan,
  ctx: SessionIOContext,
): Promise<OpenedSession> {
  const createProviders: ProviderFactory = async (cfg, providerDeps) => {
    const providers = await ctx.createProviders(cfg, providerDeps);
    if (providers.caller && providers.tts) return providers;
    const blocking = providers.blocking ?? [];
    const callerRefused = blocking.some((p) => p.kind === 'caller');
    // Another refusal too: the start fails with it (openConfigured says which).
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
    return await openCall(config, { ...ctx, createProviders });
  } catch (err) {
    if (!(err instanceof DemoVoiceUnavailable)) throw err;
    ctx.events.emit(fallbackWarning(err.message));
    const opened = openScenario(fallback.scenario, ctx);
    opened.fallbacks.push({
      slot: 'demo',
      using: 'scripted, silent',
      setting: err.setting,
      cause: err.brief,
    });
    return opened;
  }
}

function fallbackWarning(reason: string): EngineEventInput {
  return {
    type: 'warning',
    source: DEMO_FALLBACK_SOURCE,
    message:
      `demo: no local voice, so the scripted demo plays instead (scripted VAD, STT and TTS, silent audio): ${reason}. ` +
      'Install espeak-ng (Linux; macOS and Windows have a voice built in) and start again to hear it.',
  };
}
