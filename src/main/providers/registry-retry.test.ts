/**
 * Retries and deadlines as the session sees them: the registry turns each retry of an OpenAI
 * request into a `provider_retry` event, and a fallback chain moves on when a provider's
 * first-token deadline passes. On the virtual clock, against the local test server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema, type StudioConfigInput } from '../../shared/config';
import type { EngineEventInput } from '../engine/event-bus';
import { VirtualClock } from '../engine/base/virtual-clock';
import { ChatContext } from '../engine/llm/chat-context';
import type { LLM } from '../engine/llm/llm';
import { createProviders, type Providers } from './registry';
import { OpenAITestServer } from './testing/openai-test-server';
import { collect, waitFor } from './testing/wait-for';

let server: OpenAITestServer;
let clock: VirtualClock;
let built: Providers[] = [];
beforeEach(async () => {
  server = await OpenAITestServer.start({ lifetimeMs: 600_000 });
  clock = new VirtualClock();
});
afterEach(async () => {
  for (const p of built) await p.close();
  built = [];
  await server.close();
});

async function make(config: StudioConfigInput) {
  const events: EngineEventInput[] = [];
  const providers = await createProviders(StudioConfigSchema.parse(config), {
    clock,
    keys: { get: (n) => (n === 'OPENAI_API_KEY' ? server.apiKey : undefined) },
    onEvent: (ev) => events.push(ev),
    audioInput: false,
  });
  built.push(providers);
  return { providers, events };
}

function ask(llm: LLM) {
  const chatCtx = new ChatContext();
  chatCtx.addMessage({ role: 'user', content: 'Hi', createdAt: 0 });
  return collect(llm.chat({ chatCtx, tools: [] }));
}

describe('provider retries in the event stream', () => {
  it('each retry of an OpenAI request is a provider_retry event with attempt, delay and reason', async () => {
    server.enqueue(
      'chat',
      { kind: 'status', status: 503, message: 'overloaded' },
      { kind: 'reply', content: 'Hi.' },
    );
    const { providers, events } = await make({
      inputMode: 'text',
      providers: { llm: { provider: 'openai', baseURL: server.url }, tts: { provider: 'simulated' } },
    });
    const result = ask(providers.llm as LLM);
    const retries = () => events.filter((e) => e.type === 'provider_retry');
    await waitFor(() => retries().length === 1, 'the retry event');
    expect(retries()).toEqual([
      {
        type: 'provider_retry',
        provider: 'openai',
        setting: 'providers.llm',
        kind: 'llm',
        attempt: 1,
        delayMs: 500,
        code: 'server_error',
        reason: `openai llm: server error (503) from ${server.origin}: "overloaded"`,
      },
    ]);
    await clock.advance(500);
    const { items, error } = await result;
    expect(error).toBeUndefined();
    expect(items.map((c) => c.delta?.content ?? '').join('')).toBe('Hi.');
  });

  it('a fallback chain moves on when the first provider passes its first-token deadline', async () => {
    server.enqueue('chat', { kind: 'hang' });
    const { providers, events } = await make({
      inputMode: 'text',
      providers: {
        llm: [
          { provider: 'openai', baseURL: server.url, firstTokenTimeoutMs: 2000 },
          { provider: 'simulated', ttftMs: 0, fallbackReply: 'backup here' },
        ],
        tts: { provider: 'simulated' },
      },
    });
    const box: { r?: Awaited<ReturnType<typeof ask>> } = {};
    void ask(providers.llm as LLM).then((r) => (box.r = r));
    await server.waitForRequests(1);
    while (!box.r) await clock.advance(100);
    expect(box.r.error).toBeUndefined();
    expect(box.r.items.map((c) => c.delta?.content ?? '').join('')).toBe('backup here');
    const switched = events.find((e) => e.type === 'provider_switched');
    expect(switched).toMatchObject({ from: 'openai.LLM', to: 'simulated.LLM' });
    expect((switched as { reason: string }).reason).toContain(
      'within 2000 ms (providers.llm[0].firstTokenTimeoutMs, 1 attempt)',
    );
    expect(clock.now()).toBeLessThan(2500);
  });
});
