import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { ChatContext } from '../../engine/llm/chat-context';
import { EnergyVAD, testFrames } from '../testing/energy-vad';
import { OpenAITestServer } from '../testing/openai-test-server';
import { collect } from '../testing/wait-for';
import { ProviderError } from '../common/provider-error';
import { createLlm, createStt, createTts } from './factory';

let server: OpenAITestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function thrown(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProviderError) return e;
    throw e;
  }
  throw new Error('expected a ProviderError');
}

describe('openai provider factories', () => {
  it('build working providers from config with the key from the injected lookup', async () => {
    server = await OpenAITestServer.start({ apiKey: 'sk-from-store-0001' });
    const clock = new VirtualClock();
    const keys = new Map([['STUDIO_OPENAI', 'sk-from-store-0001']]);
    const deps = { clock, getKey: (n: string) => keys.get(n), vad: new EnergyVAD(clock) };
    const base = { provider: 'openai', baseURL: server.url, apiKeyName: 'STUDIO_OPENAI' } as const;

    const llm = createLlm({ ...base, model: 'gpt-4o-mini', temperature: 0.5 }, deps);
    const chatCtx = new ChatContext();
    chatCtx.addMessage({ role: 'user', content: 'hi', createdAt: 0 });
    const reply = await collect(llm.chat({ chatCtx, tools: [] }));
    expect(reply.error).toBeUndefined();
    expect(reply.items.map((c) => c.delta?.content ?? '').join('')).toBe('Hello from the test server.');
    expect(server.requests[0].body.temperature).toBe(0.5);

    const tts = createTts({ ...base }, deps);
    expect(tts.model).toBe('gpt-4o-mini-tts');
    const audio = await collect(tts.synthesize('Hi there.'));
    expect(audio.items.length).toBeGreaterThan(0);

    const stt = createStt({ ...base, model: 'whisper-1' }, deps);
    const ev = await stt.recognize(testFrames(100, true));
    expect(ev.alternatives[0].text).toBe('heard 100 ms');
    expect(server.requests.every((r) => r.authorization === 'Bearer sk-from-store-0001')).toBe(true);
  });

  it('a missing key names the provider, the key and where to set it', () => {
    const e = thrown(() => createLlm({ provider: 'openai' }, { getKey: () => undefined }));
    expect(e.code).toBe('missing_key');
    expect(e.setting).toBe('providers.llm.apiKeyName');
    expect(e.keyName).toBe('OPENAI_API_KEY');
    expect(e.message).toBe(
      'providers.llm: openai needs an API key — OPENAI_API_KEY is not set; run "npm run studio -- keys set OPENAI_API_KEY" or set the environment variable (a local OpenAI-compatible server given by baseURL needs none)',
    );
    const t = thrown(() => createTts({ provider: 'openai', apiKeyName: 'TTS_KEY' }, { getKey: () => '  ' }));
    expect(t.message).toContain('TTS_KEY is not set');
  });

  it('reads the process environment by default', () => {
    process.env.VAS_FACTORY_TEST_KEY = 'sk-env-key-0002';
    try {
      const llm = createLlm({ provider: 'openai', apiKeyName: 'VAS_FACTORY_TEST_KEY' });
      expect(llm.conn.ctx.secrets).toEqual(['sk-env-key-0002']);
    } finally {
      delete process.env.VAS_FACTORY_TEST_KEY;
    }
  });

  it('a local compatible server needs no key', () => {
    const llm = createLlm(
      { provider: 'openai', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.2' },
      { getKey: () => undefined },
    );
    expect(llm.model).toBe('llama3.2');
  });

  it('invalid settings and other providers are rejected with the setting named', () => {
    const e = thrown(() => createLlm({ provider: 'openai', temperature: 5 }, { getKey: () => 'k' }));
    expect(e.code).toBe('invalid_config');
    expect(e.setting).toBe('providers.llm.temperature');
    expect(e.message).toMatch(/^openai llm: invalid setting providers\.llm\.temperature: /);
    const listed = thrown(() =>
      createLlm({ provider: 'openai', model: '' }, { getKey: () => 'k', settingPrefix: 'providers.llm[1]' }),
    );
    expect(listed.setting).toBe('providers.llm[1].model');
    const s = thrown(() => createStt({ provider: 'simulated' }, { getKey: () => 'k' }));
    expect(s.message).toBe(
      'providers.stt.provider is "simulated": this factory builds the "openai" provider only',
    );
  });
});
