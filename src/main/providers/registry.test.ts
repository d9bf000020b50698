import { afterEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema, type StudioConfigInput } from '../../shared/config';
import type { EngineEventInput } from '../engine/event-bus';
import { VirtualClock } from '../engine/base/virtual-clock';
import { ChatContext } from '../engine/llm/chat-context';
import { FallbackLLM, FallbackTTS } from './fallback';
import { LocalTTS } from './local-tts';
import { OpenAILLM } from './openai';
import {
  createProviders,
  ProviderConfigError,
  startRefusal,
  type Providers,
  type RegistryDeps,
} from './registry';
import { ResampledTTS } from './registry-resample';
import { SileroVAD } from './silero';
import { ScriptedLLM, ScriptedSTT } from '../engine/testing';
import { ScriptedCaller, ScriptedVoiceTTS, type CallerVoice } from './simulated';
import { OpenAITestServer } from './testing/openai-test-server';
import { collect } from './testing/wait-for';

const toneVoice: CallerVoice = {
  async synthesize(text) {
    const data = new Int16Array(1600 + text.length * 640);
    for (let i = 800; i < data.length - 800; i++) data[i] = Math.round(6000 * Math.sin(i / 5));
    return { data, sampleRate: 16000 };
  },
};

let built: Providers[] = [];
afterEach(async () => {
  for (const p of built) await p.close();
  built = [];
});

async function make(
  config: StudioConfigInput,
  extra: Partial<RegistryDeps> = {},
  env: Record<string, string> = {},
) {
  const events: EngineEventInput[] = [];
  const providers = await createProviders(StudioConfigSchema.parse(config), {
    clock: new VirtualClock(),
    keys: { get: (n) => env[n] },
    onEvent: (ev) => events.push(ev),
    callerVoice: toneVoice,
    ...extra,
  });
  built.push(providers);
  return { providers, events };
}

describe('createProviders', () => {
  it('builds the default session: Silero VAD, oracle STT fed by the caller, simulated LLM, local TTS', async () => {
    const { providers } = await make({ caller: { turns: [{ text: 'hello there', atMs: 100 }] } });
    expect(providers.problems).toEqual([]);
    expect(providers.vad).toBeInstanceOf(SileroVAD);
    expect(providers.stt).toBeInstanceOf(ScriptedSTT);
    expect(providers.stt?.label).toBe('simulated.OracleSTT');
    expect(providers.llm).toBeInstanceOf(ScriptedLLM);
    expect(providers.llm?.label).toBe('simulated.LLM');
    expect(providers.tts).toBeInstanceOf(LocalTTS);
    expect(providers.caller).toBeInstanceOf(ScriptedCaller);
  });

  it('builds nothing that listens in text mode', async () => {
    const { providers } = await make({ inputMode: 'text' }, { audioInput: false });
    expect([providers.vad, providers.stt, providers.caller]).toEqual([null, null, null]);
    expect(providers.llm).toBeInstanceOf(ScriptedLLM);
  });

  it('refuses an OpenAI LLM without a key, naming the setting and the fix, and builds the rest', async () => {
    const { providers, events } = await make({ providers: { llm: { provider: 'openai' } } });
    expect(providers.llm).toBeNull();
    expect(providers.tts).toBeInstanceOf(LocalTTS);
    expect(providers.problems).toHaveLength(1);
    const p = providers.problems[0];
    expect([p.kind, p.provider, p.setting]).toEqual(['llm', 'openai', 'providers.llm.apiKeyName']);
    expect(p.message).toMatch(/OPENAI_API_KEY is not set/);
    expect(providers.warnings).toEqual([p.message]);
    expect(events).toEqual([{ type: 'warning', source: 'providers.llm', message: p.message }]);
    // No list covers it: it blocks the start, with the setting, the provider and the fix.
    expect(providers.blocking).toEqual([p]);
    expect(providers.fallbacks).toEqual([]);
    expect(p.brief).toBe('OPENAI_API_KEY missing');
    expect(startRefusal(providers.blocking)?.message).toBe(
      'providers.llm: openai needs an API key — OPENAI_API_KEY is not set; run "npm run studio -- keys set OPENAI_API_KEY" or set the environment variable (a local OpenAI-compatible server given by baseURL needs none)',
    );
    expect(startRefusal(providers.blocking)?.field).toBe('providers.llm');
  });

  it('throws the first problem in strict mode', async () => {
    await expect(
      make(
        { providers: { tts: { provider: 'openai', voice: 'bogus' } } },
        { strict: true },
        { OPENAI_API_KEY: 'sk-x' },
      ),
    ).rejects.toThrow('openai tts: providers.tts.voice "bogus" is not an OpenAI voice; use one of alloy');
  });

  it('names unknown or misplaced OpenAI models, but lets compatible servers name theirs', async () => {
    const keys = { OPENAI_API_KEY: 'sk-test' };
    const { providers } = await make(
      {
        providers: {
          llm: { provider: 'openai', model: 'whisper-1' },
          tts: { provider: 'openai', model: 'gpt-4o' },
          stt: { provider: 'openai', model: 'llama3' },
        },
        inputMode: 'microphone',
      },
      {},
      keys,
    );
    expect(providers.problems.map((p) => [p.setting, p.message])).toEqual([
      [
        'providers.llm.model',
        'openai llm: providers.llm.model "whisper-1" is an STT model, not an LLM model; use one like gpt-4o-mini, gpt-4.1, o4-mini, or set providers.llm.baseURL for an OpenAI-compatible server',
      ],
      ['providers.tts.model', expect.stringMatching(/"gpt-4o" is an LLM model, not an TTS model/)],
      ['providers.stt.model', expect.stringMatching(/"llama3" is not an OpenAI STT model/)],
    ]);
    const local = await make({
      providers: { llm: { provider: 'openai', model: 'llama3', baseURL: 'http://127.0.0.1:9/v1' } },
    });
    expect(local.providers.llm).toBeInstanceOf(OpenAILLM);
  });

  it('refuses the local TTS when its engine is missing, with the install hint', async () => {
    const { providers } = await make({}, { localTtsBinary: '/nonexistent/espeak-ng' });
    expect(providers.tts).toBeNull();
    const p = providers.problems.find((x) => x.kind === 'tts');
    expect(p?.setting).toBe('providers.tts.provider');
    expect(p?.message).toMatch(/^local tts: espeak-ng not found .*apt-get install espeak-ng/);
    expect(p?.brief).toBe('espeak-ng not installed');
    expect(providers.blocking).toContain(p);
  });

  it('refuses the oracle STT without a simulated caller, and an OpenAI STT without a VAD', async () => {
    const mic = await make({ inputMode: 'microphone' });
    expect(mic.providers.stt).toBeNull();
    expect(mic.providers.caller).toBeNull();
    expect(mic.providers.problems[0].message).toMatch(
      /^simulated stt: it transcribes only the simulated caller/,
    );
    const novad = await make(
      { providers: { vad: { provider: 'none' }, stt: { provider: 'openai' } } },
      {},
      { OPENAI_API_KEY: 'sk-x' },
    );
    expect(novad.providers.problems.map((p) => p.setting)).toEqual(['providers.vad.provider']);
  });

  it('drops a refused entry from a fallback list and uses the rest alone', async () => {
    const { providers } = await make({
      providers: { llm: [{ provider: 'openai' }, { provider: 'simulated' }] },
    });
    expect(providers.llm).toBeInstanceOf(ScriptedLLM);
    expect(providers.problems.map((p) => p.setting)).toEqual(['providers.llm[0].apiKeyName']);
    // The user's list covers it: nothing blocks, and the fallback is named with its cause.
    expect(providers.blocking).toEqual([]);
    expect(providers.fallbacks).toEqual([
      { slot: 'llm', using: 'simulated', setting: 'providers.llm[0]', cause: 'OPENAI_API_KEY missing' },
    ]);
    expect(providers.warnings[0]).toMatch(
      /OPENAI_API_KEY is not set.*; providers\.llm\[1\] \(simulated\) is used instead$/,
    );
  });

  it('blocks on a list whose every entry was refused, and on a refused VAD', async () => {
    const { providers } = await make(
      { providers: { llm: [{ provider: 'openai' }, { provider: 'openai', model: 'whisper-1' }] } },
      { sileroModelPath: '/nonexistent/silero.onnx' },
    );
    expect(providers.llm).toBeNull();
    expect(providers.fallbacks).toEqual([]);
    expect(providers.blocking.map((p) => [p.kind, p.entry])).toEqual([
      ['vad', 'providers.vad'],
      ['llm', 'providers.llm[0]'],
      ['llm', 'providers.llm[1]'],
    ]);
  });

  it('chains LLMs in order and reports the switch as an engine event when the first fails', async () => {
    const server = await OpenAITestServer.start({ lifetimeMs: 600_000 });
    try {
      server.enqueue('chat', { kind: 'status', status: 500, message: 'down' });
      const { providers, events } = await make(
        {
          providers: {
            llm: [
              { provider: 'openai', baseURL: server.url, maxRetries: 0 },
              { provider: 'simulated', ttftMs: 0, fallbackReply: 'simulated says {input}' },
            ],
          },
        },
        {},
        { OPENAI_API_KEY: server.apiKey },
      );
      expect(providers.llm).toBeInstanceOf(FallbackLLM);
      const chatCtx = new ChatContext();
      chatCtx.addMessage({ role: 'user', content: 'hi', createdAt: 0 });
      const clock = (providers.llm as FallbackLLM).pool.clock as VirtualClock;
      const reading = collect((providers.llm as FallbackLLM).chat({ chatCtx, tools: [] }));
      // The simulated LLM streams on the virtual clock: move it until the stream ended.
      const box: { result?: Awaited<typeof reading> } = {};
      void reading.then((r) => (box.result = r));
      while (!box.result) await clock.advance(100);
      expect(box.result.items.map((c) => c.delta?.content ?? '').join('')).toBe('simulated says hi');
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'provider_switched',
          kind: 'llm',
          from: 'openai.LLM',
          to: 'simulated.LLM',
        }),
      );
    } finally {
      await server.close();
    }
  });

  it('resamples a chained voice of another rate to the first one', async () => {
    const { providers } = await make({
      providers: { tts: [{ provider: 'simulated', sampleRate: 24000 }, { provider: 'local' }] },
    });
    expect(providers.tts).toBeInstanceOf(FallbackTTS);
    expect(providers.tts!.sampleRate).toBe(24000);
    const pool = (providers.tts as FallbackTTS).pool;
    expect(pool.providers[0]).toBeInstanceOf(ScriptedVoiceTTS);
    expect(pool.providers[1]).toBeInstanceOf(ResampledTTS);
  });

  it('reports a caller that cannot speak, and the STT that then has nothing to hear', async () => {
    const mute: CallerVoice = { synthesize: async () => ({ data: new Int16Array(100), sampleRate: 16000 }) };
    const { providers } = await make({ caller: { turns: [{ text: 'hello' }] } }, { callerVoice: mute });
    expect(providers.caller).toBeNull();
    expect(providers.problems.map((p) => [p.kind, p.setting])).toEqual([
      ['caller', 'caller'],
      ['stt', 'providers.stt.provider'],
    ]);
    expect(providers.problems[0].message).toMatch(
      /caller\.turns\[0\] \("hello"\): the voice produced only silence/,
    );
    expect(providers.problems[0]).toBeInstanceOf(ProviderConfigError);
  });
});

describe('createProviders: what blocks a start', () => {
  it('does not block a microphone session on the simulated STT, which only has nothing to transcribe there', async () => {
    const { providers } = await make({ inputMode: 'microphone' });
    expect(providers.problems.map((p) => p.kind)).toEqual(['stt']);
    expect(providers.blocking).toEqual([]);
  });
});
