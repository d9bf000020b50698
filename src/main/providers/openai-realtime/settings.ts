/**
 * What a user can set on an OpenAI Realtime session, validated once when the model is built
 * (a bad value names its field), and how those settings become the GA protocol's
 * `session.update` payload. Temperature is not here: the GA realtime protocol (openai 6.x
 * `RealtimeSessionCreateRequest`) has no temperature field any more, so a setting for it would
 * pretend to do something.
 */
import type { z } from 'zod';
import type {
  RealtimeAudioInputTurnDetection,
  RealtimeSessionCreateRequest,
  RealtimeToolChoiceConfig,
} from 'openai/resources/realtime/realtime';
import { toToolDefinitions, type Tool, type ToolChoice } from '../../engine';
import { RealtimeProviderFields } from '../../../shared/config-realtime';
import { ProviderError } from '../common/provider-error';

/** The model's audio format: PCM16 mono at 24 kHz, both ways (the only PCM rate the API takes). */
export const REALTIME_SAMPLE_RATE = 24000;

/**
 * The settings are the config's realtime entry (src/shared/config-realtime.ts) without its
 * `provider` key: one schema, so a field or default cannot differ between the studio's config
 * and what the provider accepts (from the CLI or a test).
 */
export const OpenAIRealtimeSettingsSchema = RealtimeProviderFields.omit({ provider: true });

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
