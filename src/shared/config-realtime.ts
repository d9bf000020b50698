/**
 * A session's LLM slot is either a pipeline (STT → LLM → TTS, the other provider schemas) or a
 * realtime speech-to-speech model (`providers.llm.provider: "openai-realtime"`). This module holds
 * the realtime entry's schema — also the provider's own settings schema
 * (src/main/providers/openai-realtime/settings.ts takes it without `provider`) —
 * and the cross-field rules: an option that only applies to one kind of session is refused at
 * its field, naming why, instead of being silently ignored as the seed does for some of them.
 */
import { z } from 'zod';

export const REALTIME_PROVIDER = 'openai-realtime';

const ms = (max: number) => z.number().int().min(0).max(max);

/** A pipeline LLM setting written on a realtime entry: refused with the reason, not "unrecognized key". */
const pipelineOnly = (why: string) => z.undefined({ error: why }).optional();

const vadCommon = {
  /** The server answers by itself when it detects the end of a turn (server default true). */
  createResponse: z.boolean().optional(),
  /** The server cancels its answer when the user starts speaking (server default true). */
  interruptResponse: z.boolean().optional(),
};

export const RealtimeServerVadSchema = z.strictObject({
  type: z.literal('server_vad'),
  /** Activation threshold, 0..1 (server default 0.5). */
  threshold: z.number().min(0).max(1).optional(),
  prefixPaddingMs: ms(10_000).optional(),
  silenceDurationMs: ms(10_000).optional(),
  ...vadCommon,
});

export const RealtimeSemanticVadSchema = z.strictObject({
  type: z.literal('semantic_vad'),
  eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
  ...vadCommon,
});

/**
 * The realtime entry's fields, without the cross-field check below: the OpenAI Realtime
 * provider validates its settings with this same object (minus `provider`), so the config and
 * the provider cannot drift apart.
 */
export const RealtimeProviderFields = z.strictObject({
  provider: z.literal(REALTIME_PROVIDER),
  model: z.string().min(1).default('gpt-realtime'),
  voice: z.string().min(1).default('marin'),
  /** What the model answers with: audio (with its transcript), or text the session's TTS speaks. */
  modalities: z
    .array(z.enum(['audio', 'text']))
    .length(1, 'one of ["audio"] or ["text"]: the API does not answer with both')
    .default(['audio']),
  /** Server-side turn detection; null turns it off (the session's VAD and turn detection commit turns). */
  turnDetection: z
    .discriminatedUnion('type', [RealtimeServerVadSchema, RealtimeSemanticVadSchema])
    .nullable()
    .default({ type: 'server_vad' }),
  /** The model that transcribes the user's audio; null: no transcripts from the model (the STT's, if any). */
  inputTranscriptionModel: z.string().min(1).nullable().default('gpt-4o-mini-transcribe'),
  inputTranscriptionLanguage: z.string().min(2).optional(),
  /** 1..4096, or 'inf' (server default). */
  maxOutputTokens: z.union([z.number().int().min(1).max(4096), z.literal('inf')]).optional(),
  speed: z.number().min(0.25).max(1.5).optional(),
  toolChoice: z
    .union([
      z.enum(['auto', 'required', 'none']),
      z.strictObject({ type: z.literal('function'), name: z.string().min(1) }),
    ])
    .optional(),
  /** Any server that speaks the protocol (Azure OpenAI: https://<resource>.openai.azure.com/openai). */
  baseURL: z.string().url().optional(),
  /** Extra handshake headers (a gateway's); never the key, which comes from apiKeyName. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Azure OpenAI's API version: the SDK's Azure path (model = the deployment); needs baseURL. */
  azureApiVersion: z.string().min(1).optional(),
  apiKeyName: z.string().min(1).default('OPENAI_API_KEY'),
  /** Until the socket is open and the server said session.created. */
  connectTimeoutMs: ms(600_000).default(10_000),
  /** Until the server acknowledges a response.create or a chat context update. */
  replyTimeoutMs: ms(600_000).default(5_000),
  /** From response.created to its first audio, text or tool call. */
  firstTokenTimeoutMs: ms(600_000).default(10_000),
  /** From response.created to response.done. */
  totalTimeoutMs: ms(3_600_000).default(120_000),
  /** Reconnects tried after an unexpected close before the session ends (0: none). */
  maxReconnectAttempts: z.number().int().min(0).max(20).default(3),
  reconnectDelayMs: ms(60_000).default(500),
  temperature: pipelineOnly('the GA realtime protocol has no temperature; remove it'),
  topP: pipelineOnly('applies to pipeline LLMs only; a realtime model has no topP'),
  maxTokens: pipelineOnly('applies to pipeline LLMs only; use maxOutputTokens'),
  parallelToolCalls: pipelineOnly('applies to pipeline LLMs only'),
  maxRetries: pipelineOnly(
    'applies to pipeline LLMs only; a realtime model reconnects (maxReconnectAttempts)',
  ),
  timeoutMs: pipelineOnly('applies to pipeline LLMs only; use connectTimeoutMs / replyTimeoutMs'),
});

export const RealtimeProviderSchema = RealtimeProviderFields.refine((r) => !r.azureApiVersion || r.baseURL, {
  message:
    "azureApiVersion needs baseURL: the Azure resource's URL (https://<resource>.openai.azure.com/openai)",
  path: ['baseURL'],
});
export type RealtimeProviderConfig = z.infer<typeof RealtimeProviderSchema>;
export type RealtimeProviderInput = z.input<typeof RealtimeProviderSchema>;

export function isRealtimeProvider(entry: unknown): entry is RealtimeProviderConfig {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    !Array.isArray(entry) &&
    (entry as { provider?: unknown }).provider === REALTIME_PROVIDER
  );
}

/** Refuses a realtime entry in a fallback list: a speech-to-speech session cannot switch to a text LLM. */
export function notInFallbackList(entry: unknown, ctx: z.RefinementCtx): void {
  if (isRealtimeProvider(entry)) {
    ctx.addIssue({
      code: 'custom',
      path: ['provider'],
      message: `"${REALTIME_PROVIDER}" cannot be in a fallback list: give it alone as providers.llm`,
    });
  }
}

/** The parts of a parsed config the rules read (config.ts's StudioConfig has them). */
export interface RealtimeRulesInput {
  options: {
    allowInterruptions: boolean;
    turnDetection: string | null;
    preemptiveGeneration: boolean;
    useTtsAlignedTranscript: boolean;
  };
  agent: { overrides: { allowInterruptions?: boolean; turnDetection?: string | null } };
  agents: Record<string, { overrides: { allowInterruptions?: boolean; turnDetection?: string | null } }>;
  providers: { llm: unknown };
}

export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Options that only apply to one kind of session, checked against the LLM slot. The seed
 * raises on allowInterruptions false with server turn detection and ignores (with a warning)
 * turn detection modes the model makes meaningless; here both are refused at the field.
 */
export function realtimeRuleIssues(config: RealtimeRulesInput): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const llm = config.providers.llm;
  const places: Array<{
    path: (string | number)[];
    o: { allowInterruptions?: boolean; turnDetection?: string | null };
  }> = [
    { path: ['options'], o: config.options },
    { path: ['agent', 'overrides'], o: config.agent.overrides },
    ...Object.entries(config.agents).map(([name, a]) => ({
      path: ['agents', name, 'overrides'],
      o: a.overrides,
    })),
  ];
  if (!isRealtimeProvider(llm)) {
    for (const { path, o } of places) {
      if (o.turnDetection === 'realtime_llm') {
        issues.push({
          path: [...path, 'turnDetection'],
          message: `"realtime_llm" needs a realtime model (providers.llm.provider "${REALTIME_PROVIDER}"); with a pipeline LLM use "vad", "stt", "manual" or null`,
        });
      }
    }
    return issues;
  }
  const serverTd = llm.turnDetection !== null;
  for (const { path, o } of places) {
    if (serverTd && o.allowInterruptions === false) {
      issues.push({
        path: [...path, 'allowInterruptions'],
        message:
          "cannot be false with the realtime model's server-side turn detection (providers.llm.turnDetection): set providers.llm.turnDetection to null to use the VAD, or allow interruptions",
      });
    }
    const td = o.turnDetection;
    if (td === 'stt') {
      issues.push({
        path: [...path, 'turnDetection'],
        message: `"stt" applies to pipelines only: a realtime model hears the audio itself; use ${serverTd ? '"realtime_llm" or null' : '"vad", "manual" or null'}`,
      });
    } else if (serverTd && (td === 'vad' || td === 'manual')) {
      issues.push({
        path: [...path, 'turnDetection'],
        message: `"${td}" conflicts with the realtime model's server-side turn detection: use "realtime_llm" or null, or set providers.llm.turnDetection to null`,
      });
    } else if (!serverTd && td === 'realtime_llm') {
      issues.push({
        path: [...path, 'turnDetection'],
        message:
          '"realtime_llm" needs server-side turn detection, but providers.llm.turnDetection is null: use "vad", "manual" or null',
      });
    }
  }
  if (config.options.preemptiveGeneration) {
    issues.push({
      path: ['options', 'preemptiveGeneration'],
      message:
        'applies to pipeline LLMs only (a realtime model answers from its own audio buffer): set it to false',
    });
  }
  if (config.options.useTtsAlignedTranscript && llm.modalities.includes('audio')) {
    issues.push({
      path: ['options', 'useTtsAlignedTranscript'],
      message:
        'applies only when a TTS speaks the reply; the realtime model speaks itself (modalities ["audio"]): set it to false',
    });
  }
  return issues;
}
