/**
 * What the registry's refusals mean for a session. A refused provider either has a fallback the
 * user configured (a later entry of the same list was built: the session runs on it and says so
 * for its whole length) or it blocks the start: the user asked for OpenAI and must not find
 * themselves measuring a simulated model. A blocked start is one message naming the provider,
 * the setting and the fix.
 */
import { providerChain, type StudioConfig } from '../../shared/config';
import type { ProviderFallbackInfo } from '../../shared/studio-api';
import { ProviderConfigError } from './registry-checks';

type ChainKind = 'llm' | 'stt' | 'tts';

export interface ProviderReport {
  /** Slots running on a later entry of their list because earlier ones were refused. */
  fallbacks: ProviderFallbackInfo[];
  /** Refusals no fallback covers: the session must not start (see startRefusal). */
  blocking: ProviderConfigError[];
  /** The warning line for a refusal: its message, plus what runs instead when a fallback does. */
  warningOf(problem: ProviderConfigError): string;
}

/** Sorts the refusals of one build; `built` says which chain slots got a provider. */
export function assessProblems(
  config: StudioConfig,
  problems: readonly ProviderConfigError[],
  built: Record<ChainKind, boolean>,
): ProviderReport {
  const fallbacks: ProviderFallbackInfo[] = [];
  const instead = new Map<ProviderConfigError, string>();
  const blocking: ProviderConfigError[] = [];
  for (const kind of ['llm', 'stt', 'tts'] as const) {
    const mine = problems.filter((p) => p.kind === kind && !notApplicable(p));
    if (mine.length === 0) continue;
    const entry = config.providers[kind];
    const chain = providerChain<{ provider: string }>(entry);
    if (!Array.isArray(entry) || !built[kind]) {
      blocking.push(...mine);
      continue;
    }
    const refused = new Set(mine.map((p) => p.entry));
    const used = chain.findIndex((_, i) => !refused.has(`providers.${kind}[${i}]`));
    const setting = `providers.${kind}[${used}]`;
    const first = mine[0];
    fallbacks.push({
      slot: kind,
      using: chain[used].provider,
      setting: first.entry ?? first.setting,
      cause: first.brief,
    });
    for (const p of mine) instead.set(p, `${setting} (${chain[used].provider}) is used instead`);
  }
  // The caller and the VAD have no chains: a refusal of either blocks.
  blocking.unshift(...problems.filter((p) => p.kind === 'caller' || p.kind === 'vad'));
  return {
    fallbacks,
    blocking,
    warningOf: (p) => (instead.has(p) ? `${p.message}; ${instead.get(p)}` : p.message),
  };
}

/**
 * The oracle STT transcribes only the simulated caller: with a microphone or a room it has
 * nothing to do, and the session says so (session-io/microphone-io's warnings) and runs on
 * typed turns and the VAD, as documented; without the caller in a simulated call, the caller's
 * refusal blocks.
 */
function notApplicable(p: ProviderConfigError): boolean {
  return p.kind === 'stt' && p.provider === 'simulated';
}

/** A start refused because a provider cannot be built; `field` is the setting to fix. */
export class ProviderStartError extends Error {
  override name = 'ProviderStartError';
  readonly code = 'provider_unavailable' as const;

  constructor(
    readonly field: string,
    message: string,
    readonly problems: readonly ProviderConfigError[],
  ) {
    super(message);
  }
}

const LEAD = /^(providers\.[a-z]+(?:\[\d+\])?): /;

/**
 * One message for every refusal that blocks a start, or null when none does. The same fix for
 * several settings is said once: "providers.llm, providers.tts: openai needs an API key —
 * OPENAI_API_KEY is not set; …".
 */
export function startRefusal(blocking: readonly ProviderConfigError[]): ProviderStartError | null {
  if (blocking.length === 0) return null;
  const groups = new Map<string, string[]>();
  for (const p of blocking) {
    const lead = LEAD.exec(p.message);
    const body = lead ? p.message.slice(lead[0].length) : p.message;
    const leads = groups.get(body) ?? [];
    if (lead && !leads.includes(lead[1])) leads.push(lead[1]);
    groups.set(body, leads);
  }
  const parts = [...groups].map(([body, leads]) =>
    leads.length > 0 ? `${leads.join(', ')}: ${body}` : body,
  );
  const first = blocking[0];
  return new ProviderStartError(first.entry ?? first.setting, parts.join('; also '), blocking);
}
