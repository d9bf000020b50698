/**
 * The registry's realtime branch: `providers.llm` names a speech-to-speech model, which the
 * OpenAI Realtime provider builds (it checks its settings again and refuses a missing key naming
 * the setting and the fix). Which pipeline slots such a session still needs follows the seed:
 * the STT only when the model does not transcribe the user, the TTS for `say` and for text-only
 * replies (with audio replies a TTS that cannot be built is a warning, not a refused start).
 */
import type { RealtimeProviderConfig } from '../../shared/config';
import type { Clock, RealtimeModel } from '../engine';
import { isProviderError } from './common/provider-error';
import { createOpenAIRealtimeModel } from './openai-realtime';
import type { KeySource } from './registry-build';
import { ProviderConfigError } from './registry-checks';

export interface RealtimeBuildDeps {
  clock: Clock;
  keys: KeySource;
  /** Certificate authorities the connection trusts besides the system's (a local test server). */
  tls?: { ca: string | Buffer };
}

export function buildRealtime(
  entry: RealtimeProviderConfig,
  setting: string,
  deps: RealtimeBuildDeps,
): RealtimeModel {
  const { provider, ...settings } = entry;
  try {
    return createOpenAIRealtimeModel(settings, {
      clock: deps.clock,
      apiKey: deps.keys.get(entry.apiKeyName) ?? '',
      settingPrefix: setting,
      ...(deps.tls ? { tls: deps.tls } : {}),
    });
  } catch (err) {
    if (isProviderError(err)) {
      const brief = err.keyName ? `${err.keyName} missing` : 'cannot be built';
      throw new ProviderConfigError('llm', provider, err.setting ?? setting, err.message, brief);
    }
    const detail = err instanceof Error ? err.message : String(err);
    throw new ProviderConfigError('llm', provider, setting, `${provider}: ${detail} (${setting})`);
  }
}

/** What a realtime session still builds of the pipeline slots, and whether their refusal blocks. */
export interface RealtimeSlots {
  /** False when the model transcribes the user itself (the seed's user_transcription capability). */
  stt: boolean;
  /** Text-only replies need the TTS; with audio replies it only speaks `say`. */
  ttsRequired: boolean;
}

export function realtimeSlots(entry: RealtimeProviderConfig): RealtimeSlots {
  return {
    stt: entry.inputTranscriptionModel === null,
    ttsRequired: !entry.modalities.includes('audio'),
  };
}
