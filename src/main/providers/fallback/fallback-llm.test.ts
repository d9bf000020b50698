import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { ChatContext } from '../../engine/llm/chat-context';
import type { ChatOptions } from '../../engine/llm/llm';
import { ProviderError } from '../common/provider-error';
import { OpenAILLM } from '../openai/llm';
import { OpenAITestServer } from '../testing/openai-test-server';
import { collect, waitFor } from '../testing/wait-for';
import { FallbackLLM } from './fallback-llm';
import type { ProviderSwitchedEvent } from './provider-pool';

let primary: OpenAITestServer;
let secondary: OpenAITestServer;
let clock: VirtualClock;
let events: ProviderSwitchedEvent[];
let fallback: FallbackLLM;

function llmFor(server: OpenAITestServer): OpenAILLM {
  return new OpenAILLM({
    model: 'gpt-4o-mini',
    apiKey: server.apiKey,
    baseURL: server.url,
    clock,
    retry: { maxRetries: 0 },
  });
}

function options(): ChatOptions {
  const chatCtx = new ChatContext();
  chatCtx.addMessage({ role: 'user', content: 'Hello?', createdAt: 0 });
  return { chatCtx, tools: [] };
}

const text = async (o = options()): Promise<{ text: string; error: unknown }> => {
  const { items, error } = await collect(fallback.chat(o));
  return { text: items.map((c) => c.delta?.content ?? '').join(''), error };
};

beforeEach(async () => {
  primary = await OpenAITestServer.start({ defaultReply: 'primary speaking', lifetimeMs: 600_000 });
  secondary = await OpenAITestServer.start({ defaultReply: 'secondary speaking', lifetimeMs: 600_000 });
  clock = new VirtualClock();
  events = [];
  fallback = new FallbackLLM([llmFor(primary), llmFor(secondary)], {
    clock,
    recoveryDelayMs: 1000,
    onSwitch: (ev) => events.push(ev),
  });
});
afterEach(async () => {
  await fallback.close();
  expect(clock.pendingTimerCount()).toBe(0);
  await primary.close();
  await secondary.close();
});

describe('FallbackLLM', () => {
  it('switches to the next LLM on a failure before the first token, then recovers the first on the clock', async () => {
    primary.enqueue('chat', { kind: 'status', status: 500, message: 'primary is down' });
    expect(await text()).toEqual({ text: 'secondary speaking', error: undefined });
    expect(events).toEqual([
      {
        type: 'provider_switched',
        kind: 'llm',
        from: 'openai.LLM#1',
        to: 'openai.LLM#2',
        reason: expect.stringMatching(/^openai.LLM#1 failed: .*server error \(500\)/),
      },
    ]);
    expect(fallback.model).toBe('gpt-4o-mini');

    // While unavailable, requests skip the primary entirely.
    expect((await text()).text).toBe('secondary speaking');
    expect(primary.requests).toHaveLength(1);

    // The probe runs after the recovery delay on the clock, not before.
    await clock.advance(999);
    expect(primary.requests).toHaveLength(1);
    await clock.advance(1);
    await waitFor(() => events.length === 2, 'recovery switch');
    expect(events[1]).toEqual({
      type: 'provider_switched',
      kind: 'llm',
      from: 'openai.LLM#2',
      to: 'openai.LLM#1',
      reason: 'openai.LLM#1 recovered',
    });
    expect(primary.requests).toHaveLength(2);

    expect((await text()).text).toBe('primary speaking');
  });

  it('a failed probe is retried after another delay', async () => {
    primary.enqueue('chat', { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    await text();
    await clock.advance(1000);
    await waitFor(() => primary.requests.length === 2 && clock.pendingTimerCount() === 1, 'failed probe');
    expect(events).toHaveLength(1);
    await clock.advance(1000);
    await waitFor(() => events.length === 2, 'second probe');
    expect(events[1].to).toBe('openai.LLM#1');
  });

  it('a failure after the first token is reported, without switching', async () => {
    primary.enqueue('chat', { kind: 'cut', content: 'I was saying something important', afterChunks: 2 });
    const r = await text();
    expect(r.text).toBe('I was ');
    expect((r.error as ProviderError).code).toBe('stream_interrupted');
    expect(secondary.requests).toHaveLength(0);
    expect(events).toEqual([]);
    // The primary still counts as failed: the next request goes to the secondary.
    expect((await text()).text).toBe('secondary speaking');
    expect(events.map((e) => e.to)).toEqual(['openai.LLM#2']);
  });

  it('fails with every provider named when all fail, and tries all again next time', async () => {
    primary.enqueue('chat', { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    secondary.enqueue('chat', { kind: 'status', status: 429 }, { kind: 'status', status: 429 });
    const r = await text();
    const e = r.error as ProviderError;
    expect(e.code).toBe('all_failed');
    expect(e.message).toMatch(
      /^all LLM providers failed \(openai.LLM#1, openai.LLM#2\); last error: .*rate limited \(429\)/,
    );
    // Everything unavailable: the next request tries the list again from the top.
    const again = await text();
    expect((again.error as ProviderError).code).toBe('all_failed');
    expect(events.map((ev) => ev.reason)).toEqual([
      expect.stringMatching(/^openai.LLM#1 failed/),
      'all providers unavailable, retrying openai.LLM#1',
      expect.stringMatching(/^openai.LLM#1 failed/),
    ]);
    expect(again.error).toBeInstanceOf(ProviderError);
  });

  it('closing the stream aborts the HTTP request of the provider in use', async () => {
    primary.enqueue('chat', {
      kind: 'reply',
      content: Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '),
      chunkDelayMs: 5,
    });
    const stream = fallback.chat(options());
    await stream[Symbol.asyncIterator]().next();
    await stream.close();
    await primary.waitForClientClose(1);
    expect(events).toEqual([]);
  });
});
