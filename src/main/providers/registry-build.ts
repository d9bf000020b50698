/**
 * Builds one provider from one config entry. Every failure becomes a ProviderConfigError that
 * names the provider, the setting (with its place in a fallback list) and what to do, so the
 * studio and the CLI can show it as is. The CLI builds single providers with these; the
 * registry builds whole sessions.
 */
import type {
  LlmProviderConfig,
  SttProviderConfig,
  TtsProviderConfig,
  VadProviderConfig,
} from '../../shared/config';
import type { Clock, LLM, STT, TTS, VAD } from '../engine';
import { LocalTTS, detectLocalTts } from './local-tts';
import { isProviderError } from './common/provider-error';
import { createLlm, createStt, createTts } from './openai';
import type { RetryInfo } from './common/retry';
import {
  checkOpenAIModel,
  checkOpenAIVoice,
  ProviderConfigError,
  type ProviderSlot,
} from './registry-checks';
import { SileroVAD } from './silero';
import { oracleStt, ScriptedVoiceTTS, tableLlm, type CallerSpeechSource } from './simulated';

/** What providers need from the key store (src/main/studio/key-store.ts implements it). */
export interface KeySource {
  get(name: string): string | undefined;
}

export interface BuildDeps {
  clock: Clock;
  keys: KeySource;
  /** The local TTS executable (tests point it at a missing file); PATH lookup by default. */
  localTtsBinary?: string;
  /** Another Silero ONNX file; the one shipped by the model package by default. */
  sileroModelPath?: string;
  /** Each retry of an OpenAI request (wire it to the session's `provider_retry` events). */
  onRetry?: (info: RetryInfo) => void;
}

/** Rethrows anything a provider constructor threw as a ProviderConfigError naming the setting. */
function asConfigError(
  err: unknown,
  kind: ProviderSlot,
  provider: string,
  setting: string,
): ProviderConfigError {
  if (err instanceof ProviderConfigError) return err;
  if (isProviderError(err)) {
    const brief = err.keyName ? `${err.keyName} missing` : undefined;
    return new ProviderConfigError(kind, err.provider, err.setting ?? setting, err.message, brief);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new ProviderConfigError(kind, provider, setting, `${provider} ${kind}: ${detail} (${setting})`);
}

export function buildLlm(entry: LlmProviderConfig, setting: string, deps: BuildDeps): LLM {
  try {
    if (entry.provider === 'simulated') return tableLlm(entry, deps.clock);
    checkOpenAIModel('llm', entry.model, entry.baseURL, setting);
    return createLlm(entry, {
      clock: deps.clock,
      getKey: (n) => deps.keys.get(n),
      settingPrefix: setting,
      onRetry: deps.onRetry,
    });
  } catch (err) {
    throw asConfigError(err, 'llm', entry.provider, setting);
  }
}

export async function buildTts(entry: TtsProviderConfig, setting: string, deps: BuildDeps): Promise<TTS> {
  try {
    if (entry.provider === 'simulated') return new ScriptedVoiceTTS(entry, { clock: deps.clock });
    if (entry.provider === 'local') {
      const found = await detectLocalTts({ binaryPath: deps.localTtsBinary });
      if (!found.available) {
        throw new ProviderConfigError(
          'tts',
          'local',
          `${setting}.provider`,
          `local tts: ${found.reason.replace('providers.tts', setting)}`,
          found.reason.includes(' not found')
            ? `${found.engine} not installed`
            : `${found.engine} not working`,
        );
      }
      return new LocalTTS({
        clock: deps.clock,
        voice: entry.voice,
        rate: entry.rate,
        binaryPath: found.path,
        firstTokenTimeoutMs: entry.firstTokenTimeoutMs,
        totalTimeoutMs: entry.totalTimeoutMs,
        settingPrefix: setting,
      });
    }
    checkOpenAIModel('tts', entry.model, entry.baseURL, setting);
    checkOpenAIVoice(entry.voice, entry.baseURL, setting);
    return createTts(entry, {
      clock: deps.clock,
      getKey: (n) => deps.keys.get(n),
      settingPrefix: setting,
      onRetry: deps.onRetry,
    });
  } catch (err) {
    throw asConfigError(err, 'tts', entry.provider, setting);
  }
}

export interface SttDeps extends BuildDeps {
  /** Cuts audio into utterances for STTs that transcribe whole files. */
  vad: VAD | null;
  /** What the oracle STT transcribes; it has nothing to hear without the simulated caller. */
  caller: CallerSpeechSource | null;
}

export function buildStt(entry: SttProviderConfig, setting: string, deps: SttDeps): STT {
  try {
    if (entry.provider === 'simulated') {
      if (!deps.caller) {
        throw new ProviderConfigError(
          'stt',
          'simulated',
          `${setting}.provider`,
          `simulated stt: it transcribes only the simulated caller, which this session does not have ` +
            `(it needs inputMode "simulated" and the caller's voice); set inputMode to "simulated", or ${setting}.provider to "openai" to transcribe real audio`,
          'no simulated caller to transcribe',
        );
      }
      return oracleStt(entry, { clock: deps.clock, caller: deps.caller });
    }
    if (!deps.vad) {
      throw new ProviderConfigError(
        'stt',
        'openai',
        'providers.vad.provider',
        `openai stt: transcribes whole utterances and needs a VAD to find them; set providers.vad.provider to "silero"`,
        'needs a VAD',
      );
    }
    checkOpenAIModel('stt', entry.model, entry.baseURL, setting);
    return createStt(entry, {
      clock: deps.clock,
      getKey: (n) => deps.keys.get(n),
      settingPrefix: setting,
      vad: deps.vad,
      onRetry: deps.onRetry,
    });
  } catch (err) {
    throw asConfigError(err, 'stt', entry.provider, setting);
  }
}

export async function buildVad(
  entry: VadProviderConfig,
  deps: Pick<BuildDeps, 'sileroModelPath'>,
): Promise<SileroVAD | null> {
  if (entry.provider === 'none') return null;
  const { provider: _provider, ...options } = entry;
  try {
    return await SileroVAD.load(options, { modelPath: deps.sileroModelPath });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ProviderConfigError(
      'vad',
      'silero',
      'providers.vad',
      `silero vad: could not load the model (${detail}); reinstall dependencies with \`npm ci\`, or set providers.vad.provider to "none" (no barge-in by voice)`,
      'Silero model not loadable',
    );
  }
}
