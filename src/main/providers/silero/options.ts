/**
 * Silero options: the `silero` branch of the shared VadProviderSchema is the single source of
 * truth, so the config editor, scenario files and this provider reject the same values with the
 * same messages. Only `maxBufferedSpeechMs` lives here: it bounds memory, not behaviour a user
 * tunes in the studio.
 */
import { z } from 'zod';
import { VadProviderSchema, formatIssues } from '../../../shared/config';

type SileroConfig = Extract<z.infer<typeof VadProviderSchema>, { provider: 'silero' }>;
type SileroConfigInput = Extract<z.input<typeof VadProviderSchema>, { provider: 'silero' }>;

export interface SileroVadOptions extends Omit<SileroConfig, 'provider'> {
  /** Speech kept for one end_of_speech event; longer turns are truncated (upstream: 60 s). */
  maxBufferedSpeechMs: number;
}

export type SileroVadOptionsInput = Omit<SileroConfigInput, 'provider'> & { maxBufferedSpeechMs?: number };

/** A hot update; `deactivationThreshold: null` returns it to "derived from activation". */
export type SileroVadOptionsPatch = Partial<Omit<SileroVadOptions, 'deactivationThreshold'>> & {
  deactivationThreshold?: number | null;
};

export const DEFAULT_MAX_BUFFERED_SPEECH_MS = 60_000;

/** Validates against the shared schema; throws one Error listing every bad field. */
export function parseSileroOptions(input: SileroVadOptionsInput = {}): SileroVadOptions {
  const { maxBufferedSpeechMs = DEFAULT_MAX_BUFFERED_SPEECH_MS, ...rest } = input;
  const problems: string[] = [];
  const parsed = VadProviderSchema.safeParse({ provider: 'silero', ...rest });
  if (!parsed.success) problems.push(...formatIssues(parsed.error, 'silero'));
  if (
    typeof maxBufferedSpeechMs !== 'number' ||
    !Number.isFinite(maxBufferedSpeechMs) ||
    maxBufferedSpeechMs <= 0
  ) {
    problems.push(
      `silero.maxBufferedSpeechMs: expected a positive number of ms, got ${String(maxBufferedSpeechMs)}`,
    );
  }
  if (problems.length > 0 || !parsed.success)
    throw new Error(`Invalid Silero VAD options:\n  ${problems.join('\n  ')}`);
  const cfg = parsed.data as SileroConfig;
  return {
    activationThreshold: cfg.activationThreshold,
    ...(cfg.deactivationThreshold !== undefined ? { deactivationThreshold: cfg.deactivationThreshold } : {}),
    minSpeechDurationMs: cfg.minSpeechDurationMs,
    minSilenceDurationMs: cfg.minSilenceDurationMs,
    prefixPaddingMs: cfg.prefixPaddingMs,
    maxBufferedSpeechMs,
  };
}

/** Applies a patch on top of current options and validates the result as a whole. */
export function mergeSileroOptions(
  current: SileroVadOptions,
  patch: SileroVadOptionsPatch,
): SileroVadOptions {
  const next: SileroVadOptionsInput = { ...current };
  for (const [key, value] of Object.entries(patch) as Array<[keyof SileroVadOptionsPatch, unknown]>) {
    if (value === undefined) continue;
    if (key === 'deactivationThreshold' && value === null) delete next.deactivationThreshold;
    else (next as Record<string, unknown>)[key] = value;
  }
  return parseSileroOptions(next);
}

/**
 * The exit threshold. When unset it follows the activation threshold (upstream's
 * max(activation - 0.15, 0.01)), recomputed on every read so a hot change of activation moves it.
 */
export function effectiveDeactivationThreshold(opts: SileroVadOptions): number {
  return opts.deactivationThreshold ?? Math.max(opts.activationThreshold - 0.15, 0.01);
}
