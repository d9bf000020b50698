/** The registry with a realtime model in providers.llm: built by the OpenAI Realtime provider, or refused (issue 12 point 3). */
import { afterEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema, type RealtimeProviderConfig, type StudioConfigInput } from '../../shared/config';
import { VirtualClock } from '../engine';
import { OpenAIRealtimeModel, OpenAIRealtimeSettingsSchema } from './openai-realtime';
import { createProviders, startRefusal, type Providers, type RegistryDeps } from './registry';

let built: Providers[] = [];
afterEach(async () => {
  for (const p of built) await p.close();
  built = [];
});

async function make(
  config: StudioConfigInput,
  env: Record<string, string> = {},
  extra: Partial<RegistryDeps> = {},
) {
  const providers = await createProviders(StudioConfigSchema.parse(config), {
    clock: new VirtualClock(),
    keys: { get: (n) => env[n] },
    audioInput: false,
    ...extra,
  });
  built.push(providers);
  return providers;
}

const realtime = (extra: Record<string, unknown> = {}): StudioConfigInput => ({
  inputMode: 'text',
  providers: { llm: { provider: 'openai-realtime', ...extra }, tts: { provider: 'simulated' } },
});

describe('a realtime model in the registry', () => {
  it("builds the provider's model with the config's settings (no connection until a session opens)", async () => {
    const p = await make(
      realtime({ voice: 'cedar', turnDetection: { type: 'server_vad', silenceDurationMs: 350 } }),
      { OPENAI_API_KEY: 'sk-test' },
    );
    expect(p.blocking).toEqual([]);
    expect(p.llm).toBeInstanceOf(OpenAIRealtimeModel);
    const model = p.llm as OpenAIRealtimeModel;
    expect(model.settings).toMatchObject({
      voice: 'cedar',
      turnDetection: { type: 'server_vad', silenceDurationMs: 350 },
    });
    expect(model.capabilities).toMatchObject({ turnDetection: true, userTranscription: true });
    expect(model.sessions).toEqual([]);
  });

  it('refuses the start without a key, naming the setting and the fix (never a simulated stand-in)', async () => {
    const p = await make(realtime({ apiKeyName: 'RT_KEY' }));
    expect(p.llm).toBeNull();
    const refusal = startRefusal(p.blocking);
    expect(refusal?.code).toBe('provider_unavailable');
    expect(refusal?.field).toBe('providers.llm');
    expect(p.blocking[0].setting).toBe('providers.llm.apiKeyName');
    expect(refusal?.message).toContain('RT_KEY is not set');
    expect(refusal?.message).toContain('keys set RT_KEY');
  });

  it('does not build the STT when the model transcribes the user, and does without it', async () => {
    const audio = {
      inputMode: 'microphone',
      providers: { vad: { provider: 'none' }, stt: { provider: 'openai' } },
    } as const;
    const withModel = await make(
      { ...audio, providers: { ...audio.providers, llm: { provider: 'openai-realtime' } } },
      { OPENAI_API_KEY: 'sk-test' },
      { audioInput: true, localTtsBinary: '/nonexistent/espeak-ng' },
    );
    // The openai STT would need a VAD (refused); the model transcribes, so it is not built at all.
    expect(withModel.stt).toBeNull();
    expect(withModel.problems.map((x) => x.kind)).not.toContain('stt');
    const withoutModel = await make(
      {
        ...audio,
        providers: {
          ...audio.providers,
          llm: { provider: 'openai-realtime', inputTranscriptionModel: null },
        },
      },
      { OPENAI_API_KEY: 'sk-test' },
      { audioInput: true, localTtsBinary: '/nonexistent/espeak-ng' },
    );
    expect(withoutModel.problems.map((x) => x.setting)).toContain('providers.vad.provider');
  });

  it('a TTS that cannot be built blocks text-only replies, and only warns when the model speaks itself', async () => {
    const noTts = { localTtsBinary: '/nonexistent/espeak-ng' };
    const cfg = (modalities: Array<'audio' | 'text'>): StudioConfigInput => ({
      inputMode: 'text',
      providers: { llm: { provider: 'openai-realtime', modalities }, tts: { provider: 'local' } },
    });
    const speaks = await make(cfg(['audio']), { OPENAI_API_KEY: 'sk-test' }, noTts);
    expect(speaks.blocking).toEqual([]);
    expect(speaks.warnings.join('\n')).toMatch(/providers\.tts/);
    const textOnly = await make(cfg(['text']), { OPENAI_API_KEY: 'sk-test' }, noTts);
    expect(textOnly.blocking.map((x) => x.kind)).toEqual(['tts']);
  });
});

describe("the config's realtime entry and the provider's settings", () => {
  it('agree on every field and default', () => {
    const fromConfig = StudioConfigSchema.parse(realtime()).providers.llm as RealtimeProviderConfig;
    const { provider: _provider, ...settings } = fromConfig;
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    expect(defined).toEqual(OpenAIRealtimeSettingsSchema.parse({}));
    const full = {
      model: 'gpt-realtime-mini',
      voice: 'cedar',
      modalities: ['text'],
      turnDetection: {
        type: 'semantic_vad',
        eagerness: 'low',
        createResponse: true,
        interruptResponse: false,
      },
      inputTranscriptionModel: 'whisper-1',
      inputTranscriptionLanguage: 'de',
      maxOutputTokens: 'inf',
      speed: 1.2,
      toolChoice: { type: 'function', name: 'lookup' },
      baseURL: 'https://example.openai.azure.com/openai',
      headers: { 'x-gateway': 'a' },
      azureApiVersion: '2025-04-01-preview',
      apiKeyName: 'AZURE_KEY',
      connectTimeoutMs: 1,
      replyTimeoutMs: 2,
      firstTokenTimeoutMs: 3,
      totalTimeoutMs: 4,
      maxReconnectAttempts: 5,
      reconnectDelayMs: 6,
    };
    const parsed = StudioConfigSchema.parse(realtime(full)).providers.llm as RealtimeProviderConfig;
    const { provider: _p, ...rest } = parsed;
    expect(OpenAIRealtimeSettingsSchema.parse(rest)).toEqual(full);
  });
});
