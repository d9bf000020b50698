/**
 * Builds the OpenAI providers from the studio config (src/shared/config.ts). The config is
 * validated again here because it may come from a file or the editor mid-session; a bad value
 * or a missing key becomes a ProviderError naming the provider, the setting and what to do,
 * which the studio shows as is. Keys are looked up by name at build time and never stored in
 * the config.
 */
import type { z } from 'zod';
import { LlmProviderSchema, SttProviderSchema, TtsProviderSchema } from '../../../shared/config';
import type { MetricsData } from '../../../shared/engine-events';
import { type Clock, RealClock, type VAD } from '../../engine';
import { OPENAI_BASE_URL, isOpenAIHost, type OpenAIConnection } from './client';
import { ProviderError, missingKeyError, type ProviderKind } from '../common/provider-error';
import { OpenAILLM } from './llm';
import type { RetryInfo } from '../common/retry';
import { OpenAISTT } from './stt';
import { OpenAITTS } from './tts';

export interface ProviderDeps {
  clock?: Clock;
  /** Key store lookup by name; the process environment when absent. */
  getKey?: (name: string) => string | undefined;
  onMetrics?: (m: MetricsData) => void;
  onRetry?: (info: RetryInfo) => void;
  /** For STT: the VAD that cuts the audio into utterances. */
  vad?: VAD;
  /** Where the config sits, for messages: `providers.llm[1]` for the second of a fallback list. */
  settingPrefix?: string;
}

/** Compatible local servers (Ollama, LM Studio…) ignore the key, but the SDK wants one. */
const NO_KEY_NEEDED = 'no-key-needed';

function prefixOf(kind: ProviderKind, deps: ProviderDeps): string {
  return deps.settingPrefix ?? `providers.${kind}`;
}

function parse<S extends z.ZodType>(
  schema: S,
  config: unknown,
  kind: ProviderKind,
  deps: ProviderDeps,
): z.infer<S> {
  const prefix = prefixOf(kind, deps);
  const r = schema.safeParse(config);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = [prefix, ...issue.path.map(String)].join('.');
    throw new ProviderError({
      provider: 'openai',
      kind,
      code: 'invalid_config',
      setting: path,
      message: `openai ${kind}: invalid setting ${path}: ${issue.message}`,
    });
  }
  const parsed = r.data as { provider: string };
  if (parsed.provider !== 'openai') {
    throw new ProviderError({
      provider: parsed.provider,
      kind,
      code: 'invalid_config',
      setting: `${prefix}.provider`,
      message: `${prefix}.provider is "${parsed.provider}": this factory builds the "openai" provider only`,
    });
  }
  return r.data;
}

function resolveKey(
  kind: ProviderKind,
  keyName: string,
  baseURL: string | undefined,
  deps: ProviderDeps,
): string {
  const lookup = deps.getKey ?? ((name: string) => process.env[name]);
  const key = lookup(keyName)?.trim();
  if (key) return key;
  if (baseURL && !isOpenAIHost(baseURL)) return NO_KEY_NEEDED;
  throw missingKeyError('openai', kind, keyName, prefixOf(kind, deps));
}

function common(
  kind: ProviderKind,
  deps: ProviderDeps,
): Pick<OpenAIConnection, 'clock' | 'onMetrics' | 'onRetry' | 'settingPrefix'> {
  return {
    clock: deps.clock ?? new RealClock(),
    onMetrics: deps.onMetrics,
    onRetry: deps.onRetry,
    settingPrefix: prefixOf(kind, deps),
  };
}

export function createLlm(config: unknown, deps: ProviderDeps = {}): OpenAILLM {
  const c = parse(LlmProviderSchema, config, 'llm', deps);
  if (c.provider !== 'openai') throw new Error('unreachable');
  return new OpenAILLM({
    ...common('llm', deps),
    model: c.model,
    baseURL: c.baseURL ?? OPENAI_BASE_URL,
    apiKey: resolveKey('llm', c.apiKeyName, c.baseURL, deps),
    apiKeyName: c.apiKeyName,
    temperature: c.temperature,
    topP: c.topP,
    maxTokens: c.maxTokens,
    parallelToolCalls: c.parallelToolCalls,
    timeoutMs: c.timeoutMs,
    firstTokenTimeoutMs: c.firstTokenTimeoutMs,
    totalTimeoutMs: c.totalTimeoutMs,
    retry: { maxRetries: c.maxRetries },
  });
}

export function createStt(config: unknown, deps: ProviderDeps = {}): OpenAISTT {
  const c = parse(SttProviderSchema, config, 'stt', deps);
  if (c.provider !== 'openai') throw new Error('unreachable');
  return new OpenAISTT({
    ...common('stt', deps),
    model: c.model,
    baseURL: c.baseURL ?? OPENAI_BASE_URL,
    apiKey: resolveKey('stt', c.apiKeyName, c.baseURL, deps),
    apiKeyName: c.apiKeyName,
    language: c.language,
    vad: deps.vad,
    firstTokenTimeoutMs: c.firstTokenTimeoutMs,
    totalTimeoutMs: c.totalTimeoutMs,
  });
}

export function createTts(config: unknown, deps: ProviderDeps = {}): OpenAITTS {
  const c = parse(TtsProviderSchema, config, 'tts', deps);
  if (c.provider !== 'openai') throw new Error('unreachable');
  return new OpenAITTS({
    ...common('tts', deps),
    model: c.model,
    voice: c.voice,
    instructions: c.instructions,
    baseURL: c.baseURL ?? OPENAI_BASE_URL,
    apiKey: resolveKey('tts', c.apiKeyName, c.baseURL, deps),
    apiKeyName: c.apiKeyName,
    firstTokenTimeoutMs: c.firstTokenTimeoutMs,
    totalTimeoutMs: c.totalTimeoutMs,
  });
}
