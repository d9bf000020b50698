/**
 * What a user can set on an OpenAI Realtime session, validated once when the model is built
 * (a bad value names its field), and how those settings become the GA protocol's
 * `session.update` payload. Temperature is not here: the GA realtime protocol (openai 6.x
 * `RealtimeSessionCreateRequest`) has no temperature field any more, so a setting for it would
 * pretend to do something.
 */
import { z } from 'zod';
import type {
  RealtimeAudioInputTurnDetection,
  RealtimeSessionCreateRequest,
  RealtimeToolChoiceConfig,
} from 'openai/resources/realtime/realtime';
import { toToolDefinitions, type Tool, type ToolChoice } from '../../engine';
import { ProviderError } from '../common/provider-error';

/** The model's audio format: PCM16 mono at 24 kHz, both ways (the only PCM rate the API takes). */
export const REALTIME_SAMPLE_RATE = 24000;

const ms = (max: number) => z.number().int().min(0).max(max);

const ServerVadSchema = z.strictObject({
  type: z.literal('server_vad'),
  /** Activation threshold, 0..1 (server default 0.5). */
  threshold: z.number().min(0).max(1).optional(),
  prefixPaddingMs: ms(10_000).optional(),
  silenceDurationMs: ms(10_000).optional(),
  createResponse: z.boolean().optional(),
  interruptResponse: z.boolean().optional(),
});

const SemanticVadSchema = z.strictObject({
  type: z.literal('semantic_vad'),
  eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
  createResponse: z.boolean().optional(),
  interruptResponse: z.boolean().optional(),
});

export const OpenAIRealtimeSettingsSchema = z.strictObject({
  model: z.string().min(1).default('gpt-realtime'),
  voice: z.string().min(1).default('marin'),
  /** What the model answers with: audio (with its transcript) or text only; not both (the API refuses). */
  modalities: z
    .array(z.enum(['audio', 'text']))
    .length(1, 'one of ["audio"] or ["text"]: the API does not answer with both')
    .default(['audio']),
  /** Server-side turn detection; null turns it off (then the engine's VAD and turn detector commit turns). */
  turnDetection: z.union([ServerVadSchema, SemanticVadSchema]).nullable().default({ type: 'server_vad' }),
  /** The model that transcribes the user's audio (e.g. gpt-4o-mini-transcribe); null: no transcripts. */
  inputTranscriptionModel: z.string().min(1).nullable().default('gpt-4o-mini-transcribe'),
  inputTranscriptionLanguage: z.string().min(2).optional(),
  /** 1..4096, or 'inf' (server default). */
  maxOutputTokens: z.union([z.number().int().min(1).max(4096), z.literal('inf')]).optional(),
  speed: z.number().min(0.25).max(1.5).optional(),
  toolChoice: z
    .union([
      z.enum(['auto', 'required', 'none']),
      z.strictObject({ type: z.literal('function'), name: z.string() }),
    ])
    .optional(),
  /** Any server that speaks the protocol (Azure OpenAI: `https://<res>.openai.azure.com/openai/v1`). */
  baseURL: z.string().url().optional(),
  /** Extra handshake headers (a proxy's, a gateway's); never the key, which comes from apiKeyName. */
  headers: z.record(z.string(), z.string()).optional(),
  /**
   * Azure OpenAI's API version (e.g. 2025-04-01-preview): when set, the SDK's Azure path is used
   * (baseURL `https://<resource>.openai.azure.com/openai`, model = the deployment, key as `api-key`).
   */
  azureApiVersion: z.string().min(1).optional(),
  apiKeyName: z.string().min(1).default('OPENAI_API_KEY'),
  /** Until the socket is open and the server said session.created. */
  connectTimeoutMs: ms(600_000).default(10_000),
  /** Until the server acknowledges a response.create (response.created) or a chat context update. */
  replyTimeoutMs: ms(600_000).default(5_000),
  /** From response.created to its first audio, text or tool call. */
  firstTokenTimeoutMs: ms(600_000).default(10_000),
  /** From response.created to response.done. */
  totalTimeoutMs: ms(3_600_000).default(120_000),
  /** Reconnects tried after an unexpected close before the session gives up (0: none). */
  maxReconnectAttempts: z.number().int().min(0).max(20).default(3),
  reconnectDelayMs: ms(60_000).default(500),
});

export type OpenAIRealtimeSettingsInput = z.input<typeof OpenAIRealtimeSettingsSchema>;
export type OpenAIRealtimeSettings = z.output<typeof OpenAIRealtimeSettingsSchema>;
export type TurnDetectionSettings = NonNullable<OpenAIRealtimeSettings['turnDetection']>;

/** Parses settings; a bad one is a ProviderError naming `<prefix>.<field>`. */
export function parseRealtimeSettings(input: unknown, settingPrefix: string): OpenAIRealtimeSettings {
  // a key written as undefined is a key not written (a config object spread with optional fields)
  const given =
    input && typeof input === 'object' && !Array.isArray(input)
      ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
      : (input ?? {});
  const r = OpenAIRealtimeSettingsSchema.safeParse(given);
  if (r.success) {
    if (r.data.azureApiVersion && !r.data.baseURL) {
      throw new ProviderError({
        provider: 'openai',
        kind: 'realtime',
        code: 'invalid_config',
        setting: `${settingPrefix}.baseURL`,
        message: `openai realtime: ${settingPrefix}.azureApiVersion is set but ${settingPrefix}.baseURL is not: give the Azure resource's URL (https://<resource>.openai.azure.com/openai)`,
      });
    }
    return r.data;
  }
  const issue = r.error.issues[0];
  const path = [settingPrefix, ...issue.path.map(String)].join('.');
  const hint = issue.path[0] === 'temperature' ? ' (the GA realtime protocol has no temperature)' : '';
  throw new ProviderError({
    provider: 'openai',
    kind: 'realtime',
    code: 'invalid_config',
    setting: path,
    message: `openai realtime: invalid setting ${path}: ${issue.message}${hint}`,
  });
}

export function toOpenAITurnDetection(
  td: TurnDetectionSettings | null,
): RealtimeAudioInputTurnDetection | null {
  if (td === null) return null;
  const common = {
    ...(td.createResponse !== undefined ? { create_response: td.createResponse } : {}),
    ...(td.interruptResponse !== undefined ? { interrupt_response: td.interruptResponse } : {}),
  };
  if (td.type === 'semantic_vad') {
    return { type: 'semantic_vad', ...common, ...(td.eagerness ? { eagerness: td.eagerness } : {}) };
  }
  return {
    type: 'server_vad',
    ...common,
    ...(td.threshold !== undefined ? { threshold: td.threshold } : {}),
    ...(td.prefixPaddingMs !== undefined ? { prefix_padding_ms: td.prefixPaddingMs } : {}),
    ...(td.silenceDurationMs !== undefined ? { silence_duration_ms: td.silenceDurationMs } : {}),
  };
}

export function toOpenAIToolChoice(choice: ToolChoice): RealtimeToolChoiceConfig {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
}

export function toOpenAITools(tools: readonly Tool[]): NonNullable<RealtimeSessionCreateRequest['tools']> {
  return toToolDefinitions(tools).map((t) => ({
    type: 'function',
    name: t.name,
    description: t.description,
    parameters: t.parameters,
  }));
}

/** What the session keeps that a reconnect must send again. */
export interface SessionState {
  instructions: string | null;
  tools: readonly Tool[];
  toolChoice: ToolChoice | null;
}

/** The full session.update payload: settings, instructions, tools and tool choice. */
export function sessionConfig(s: OpenAIRealtimeSettings, state: SessionState): RealtimeSessionCreateRequest {
  const pcm = { type: 'audio/pcm', rate: REALTIME_SAMPLE_RATE } as const;
  const choice = state.toolChoice ?? s.toolChoice ?? null;
  return {
    type: 'realtime',
    model: s.model,
    output_modalities: [...s.modalities],
    audio: {
      input: {
        format: pcm,
        turn_detection: toOpenAITurnDetection(s.turnDetection),
        ...(s.inputTranscriptionModel
          ? {
              transcription: {
                model: s.inputTranscriptionModel,
                ...(s.inputTranscriptionLanguage ? { language: s.inputTranscriptionLanguage } : {}),
              },
            }
          : {}),
      },
      output: { format: pcm, voice: s.voice, ...(s.speed !== undefined ? { speed: s.speed } : {}) },
    },
    ...(s.maxOutputTokens !== undefined ? { max_output_tokens: s.maxOutputTokens } : {}),
    ...(state.instructions !== null ? { instructions: state.instructions } : {}),
    tools: toOpenAITools(state.tools),
    ...(choice !== null ? { tool_choice: toOpenAIToolChoice(choice) } : {}),
  };
}
