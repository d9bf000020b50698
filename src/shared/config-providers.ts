/**
 * Provider settings of the studio config: one schema per kind (LLM, STT, TTS, VAD), each entry a
 * single provider or a fallback list tried in order, with the overall request deadlines every
 * remote provider shares. Re-exported by config.ts, the one config schema.
 */
import { z } from 'zod';
import { notInFallbackList, RealtimeProviderSchema } from './config-realtime';

const nonNegMs = z.number().finite().nonnegative();

/**
 * Overall deadlines of one provider request, ms, counted from its start across retries and their
 * backoff (0 turns one off). `firstTokenTimeoutMs`: until the first progress (a non-empty text
 * or tool-call delta, audio bytes, a transcript): a dead server or one that streams only empty
 * chunks fails the request at that point. `totalTimeoutMs`: until the request's end.
 */
export const PROVIDER_DEADLINE_DEFAULTS = {
  llm: { firstTokenTimeoutMs: 10_000, totalTimeoutMs: 60_000 },
  stt: { firstTokenTimeoutMs: 10_000, totalTimeoutMs: 30_000 },
  tts: { firstTokenTimeoutMs: 10_000, totalTimeoutMs: 30_000 },
} as const;

function deadlines(kind: keyof typeof PROVIDER_DEADLINE_DEFAULTS) {
  const d = PROVIDER_DEADLINE_DEFAULTS[kind];
  return {
    firstTokenTimeoutMs: nonNegMs.default(d.firstTokenTimeoutMs),
    totalTimeoutMs: nonNegMs.default(d.totalTimeoutMs),
  };
}

const latency = {
  ttftMs: nonNegMs.default(300),
  tokensPerSecond: z.number().positive().default(40),
};

export const LlmProviderSchema = z.discriminatedUnion('provider', [
  z
    .object({
      provider: z.literal('simulated'),
      ...latency,
      responses: z
        .array(
          z.object({
            input: z
              .string()
              .describe(
                'what the request must say: "/re/flags" is a regex; otherwise an exact match (case-insensitive) wins over a substring match',
              ),
            content: z.string().default(''),
            toolCalls: z
              .array(
                z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).or(z.string()) }),
              )
              .default([]),
          }),
        )
        .default([]),
      fallbackReply: z
        .string()
        .default('I heard: {input}')
        .describe('reply when no response matches; {input} is replaced by the request'),
    })
    .strict(),
  z
    .object({
      provider: z.literal('openai'),
      model: z.string().min(1).default('gpt-4o-mini'),
      baseURL: z.string().url().optional(),
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().min(0).max(1).optional(),
      maxTokens: z.number().int().positive().optional(),
      parallelToolCalls: z.boolean().default(true),
      apiKeyName: z.string().default('OPENAI_API_KEY'),
      maxRetries: z.number().int().nonnegative().default(3),
      /** Per attempt: the longest wait for the response and then for each further progress. */
      timeoutMs: nonNegMs.default(30000),
      ...deadlines('llm'),
    })
    .strict(),
]);
export type LlmProviderConfig = z.infer<typeof LlmProviderSchema>;

export const SttProviderSchema = z.discriminatedUnion('provider', [
  z
    .object({
      provider: z.literal('simulated'),
      /** Final transcript this long after the caller's speech ends. */
      delayMs: nonNegMs.default(200),
      /** Interim transcripts while the caller speaks, this often; 0 turns them off. */
      interimIntervalMs: nonNegMs.default(300),
    })
    .strict(),
  z
    .object({
      provider: z.literal('openai'),
      model: z.string().min(1).default('gpt-4o-transcribe'),
      baseURL: z.string().url().optional(),
      language: z.string().optional(),
      apiKeyName: z.string().default('OPENAI_API_KEY'),
      ...deadlines('stt'),
    })
    .strict(),
]);
export type SttProviderConfig = z.infer<typeof SttProviderSchema>;

export const TtsProviderSchema = z.discriminatedUnion('provider', [
  z
    .object({
      provider: z.literal('simulated'),
      ttfbMs: nonNegMs.default(200),
      /** Synthesis time per ms of audio produced (0.2: one second of speech takes 200 ms). */
      realTimeFactor: z.number().positive().default(0.2),
      /** Speaking rate that sets the audio's duration (English speech is about 14). */
      charsPerSecond: z.number().positive().default(14),
      /** A tone makes the agent audible and visible on level meters; silence keeps it quiet. */
      audio: z.enum(['tone', 'silence']).default('tone'),
      sampleRate: z.number().int().min(8000).max(48000).default(24000),
    })
    .strict(),
  z
    .object({
      provider: z.literal('local'),
      voice: z.string().optional(),
      rate: z.number().int().positive().optional(),
      /** Per sentence: the engine must start and finish speaking it within these (a hung engine is killed). */
      ...deadlines('tts'),
    })
    .strict(),
  z
    .object({
      provider: z.literal('openai'),
      model: z.string().min(1).default('gpt-4o-mini-tts'),
      voice: z.string().min(1).default('alloy'),
      instructions: z.string().optional(),
      baseURL: z.string().url().optional(),
      apiKeyName: z.string().default('OPENAI_API_KEY'),
      ...deadlines('tts'),
    })
    .strict(),
]);
export type TtsProviderConfig = z.infer<typeof TtsProviderSchema>;

export const VadProviderSchema = z.discriminatedUnion('provider', [
  z
    .object({
      provider: z.literal('silero'),
      activationThreshold: z.number().min(0).max(1).default(0.5),
      deactivationThreshold: z.number().min(0).max(1).optional(),
      minSpeechDurationMs: nonNegMs.default(50),
      minSilenceDurationMs: nonNegMs.default(550),
      prefixPaddingMs: nonNegMs.default(500),
    })
    .strict(),
  z.object({ provider: z.literal('none') }).strict(),
]);
export type VadProviderConfig = z.infer<typeof VadProviderSchema>;

// `prefault`, not `default`: zod 4 returns a default as-is, which would skip the nested defaults.
/** One provider, or a non-empty list tried in order (the first is used while it works). */
function chainOf<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.array(schema).min(1, 'a fallback list needs at least one provider')]);
}

export const ProvidersSchema = z
  .object({
    /** A pipeline LLM (or fallback list), or a realtime speech-to-speech model on its own. */
    llm: z
      .union([
        // One discriminated union, so a bad field is reported by its own entry's schema.
        z.discriminatedUnion('provider', [...LlmProviderSchema.options, RealtimeProviderSchema]),
        z
          .array(z.unknown().superRefine(notInFallbackList).pipe(LlmProviderSchema))
          .min(1, 'a fallback list needs at least one provider'),
      ])
      .prefault({ provider: 'simulated' }),
    stt: chainOf(SttProviderSchema).prefault({ provider: 'simulated' }),
    tts: chainOf(TtsProviderSchema).prefault({ provider: 'local' }),
    vad: VadProviderSchema.prefault({ provider: 'silero' }),
  })
  .strict();
export type ProvidersConfig = z.infer<typeof ProvidersSchema>;

/** A provider setting as its fallback order: a single config becomes a list of one. */
export function providerChain<T>(entry: T | readonly T[]): T[] {
  return Array.isArray(entry) ? [...(entry as readonly T[])] : [entry as T];
}
