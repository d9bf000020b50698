import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsData } from '../../../shared/engine-events';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { ChatContext } from '../../engine/llm/chat-context';
import type { ChatChunk, ChatOptions } from '../../engine/llm/llm';
import { OpenAITestServer } from '../testing/openai-test-server';
import { collect, waitFor } from '../testing/wait-for';
import { ProviderError } from '../common/provider-error';
import { OpenAILLM, type OpenAILLMOptions } from './llm';
import type { RetryInfo } from '../common/retry';

let server: OpenAITestServer;
let clock: VirtualClock;

beforeEach(async () => {
  server = await OpenAITestServer.start({ lifetimeMs: 600_000 });
  clock = new VirtualClock();
});
afterEach(async () => {
  await server.close();
});

function makeLlm(extra: Partial<OpenAILLMOptions> = {}): OpenAILLM {
  return new OpenAILLM({ model: 'gpt-4o-mini', apiKey: server.apiKey, baseURL: server.url, clock, ...extra });
}

function options(extra: Partial<ChatOptions> = {}): ChatOptions {
  const chatCtx = new ChatContext();
  chatCtx.addMessage({ role: 'system', content: 'Be brief.', createdAt: 0 });
  chatCtx.addMessage({ role: 'user', content: 'What is the weather?', createdAt: 1 });
  return { chatCtx, tools: [], ...extra };
}

const text = (chunks: ChatChunk[]): string => chunks.map((c) => c.delta?.content ?? '').join('');

describe('OpenAILLM streaming', () => {
  it('streams text, assembles interleaved parallel tool calls by index and reports usage in metrics', async () => {
    server.enqueue('chat', {
      kind: 'reply',
      content: 'Let me check both cities.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Tokyo","unit":"celsius"}' },
      ],
      interleaveToolCalls: true,
      usage: {
        prompt_tokens: 42,
        completion_tokens: 17,
        total_tokens: 59,
        prompt_tokens_details: { cached_tokens: 8 },
      },
    });
    const metrics: MetricsData[] = [];
    const llm = makeLlm({ onMetrics: (m) => metrics.push(m) });
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ];
    const stream = llm.chat(options({ tools, toolChoice: 'auto' }));
    const { items, error } = await collect(stream);

    expect(error).toBeUndefined();
    expect(text(items)).toBe('Let me check both cities.');
    const calls = items.flatMap((c) => c.delta?.toolCalls ?? []);
    expect(calls).toEqual([
      { callId: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      { callId: 'call_b', name: 'get_weather', arguments: '{"city":"Tokyo","unit":"celsius"}' },
    ]);
    const usage = items.find((c) => c.usage)?.usage;
    expect(usage).toEqual({ promptTokens: 42, completionTokens: 17, promptCachedTokens: 8, totalTokens: 59 });
    expect(stream.requestId).toBe('chatcmpl-1');

    expect(metrics).toHaveLength(1);
    const m = metrics[0];
    if (m.type !== 'llm') throw new Error('expected llm metrics');
    expect(m).toMatchObject({
      promptTokens: 42,
      completionTokens: 17,
      totalTokens: 59,
      promptCachedTokens: 8,
      cancelled: false,
      label: 'openai.LLM',
      requestId: 'chatcmpl-1',
    });
    expect(m.ttftMs).toBeGreaterThan(0);
    expect(m.ttftMs).toBeLessThanOrEqual(m.durationMs);

    const body = server.requests[0].body;
    expect(body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      tool_choice: 'auto',
      parallel_tool_calls: true,
    });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather in a city', parameters: tools[0].parameters },
      },
    ]);
    expect(server.requests[0].authorization).toBe(`Bearer ${server.apiKey}`);
  });

  it('measures ttft and duration on the injected clock', async () => {
    let release!: () => void;
    server.enqueue('chat', {
      kind: 'reply',
      content: 'Timed.',
      gate: new Promise<void>((r) => (release = r)),
    });
    const metrics: MetricsData[] = [];
    const result = collect(makeLlm({ onMetrics: (m) => metrics.push(m) }).chat(options()));
    await server.waitForRequests(1);
    await clock.advance(340);
    release();
    await result;
    const m = metrics[0];
    if (m?.type !== 'llm') throw new Error('expected llm metrics');
    expect(m.ttftMs).toBeCloseTo(340, 1);
    expect(m.durationMs).toBeCloseTo(340, 1);
  });

  it('sends sampling settings and maps a named tool choice; no tool fields without tools', async () => {
    const llm = makeLlm({ temperature: 0.3, topP: 0.9, maxTokens: 64, parallelToolCalls: false });
    const tools = [{ name: 'lookup', description: '', parameters: { type: 'object', properties: {} } }];
    await collect(llm.chat(options({ tools, toolChoice: { type: 'function', name: 'lookup' } })));
    await collect(llm.chat(options()));
    const [withTools, without] = server.requests.map((r) => r.body);
    // A non-OpenAI base URL gets max_tokens, which compatible servers understand.
    expect(withTools).toMatchObject({
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 64,
      parallel_tool_calls: false,
      tool_choice: { type: 'function', function: { name: 'lookup' } },
    });
    expect(without).not.toHaveProperty('tools');
    expect(without).not.toHaveProperty('tool_choice');
    expect(without).not.toHaveProperty('parallel_tool_calls');
    expect((without.messages as unknown[]).length).toBe(2);
  });
});

describe('OpenAILLM retries and errors', () => {
  it('retries 429 and 500 before the first token with backoff on the clock, then succeeds', async () => {
    server.enqueue(
      'chat',
      { kind: 'status', status: 429, message: 'slow down' },
      { kind: 'status', status: 500 },
      { kind: 'reply', content: 'Finally.' },
    );
    const retries: RetryInfo[] = [];
    const llm = makeLlm({
      retry: { initialDelayMs: 100, maxDelayMs: 1000 },
      onRetry: (r) => retries.push(r),
    });
    const result = collect(llm.chat(options()));

    await waitFor(() => retries.length === 1, 'first retry');
    expect(retries[0]).toMatchObject({ failedAttempt: 1, delayMs: 100 });
    expect(retries[0].error.code).toBe('rate_limited');
    await clock.advance(99);
    expect(server.requests).toHaveLength(1); // still waiting on the clock
    await clock.advance(1);
    await waitFor(() => retries.length === 2, 'second retry');
    expect(retries[1]).toMatchObject({ failedAttempt: 2, delayMs: 200 });
    expect(retries[1].error.code).toBe('server_error');
    await clock.advance(200);

    const { items, error } = await result;
    expect(error).toBeUndefined();
    expect(text(items)).toBe('Finally.');
    expect(server.requests.map((r) => r.behaviour)).toEqual(['status', 'status', 'reply']);
  });

  it('gives up after maxRetries with the attempts counted', async () => {
    server.enqueue('chat', { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const llm = makeLlm({
      retry: { maxRetries: 1, initialDelayMs: 10 },
      onRetry: () => void clock.advance(10),
    });
    const { error } = await collect(llm.chat(options()));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).attempts).toBe(2);
    expect((error as ProviderError).message).toMatch(/server error \(503\).*gave up after 2 attempts/);
  });

  it('a stream cut after the first token fails clearly and is not retried', async () => {
    server.enqueue('chat', {
      kind: 'cut',
      content: 'The weather in Paris is sunny and warm today.',
      afterChunks: 3,
    });
    const llm = makeLlm({ retry: { initialDelayMs: 1 } });
    const { items, error } = await collect(llm.chat(options()));
    expect(text(items)).toBe('The weather in ');
    expect(error).toBeInstanceOf(ProviderError);
    const e = error as ProviderError;
    expect(e.code).toBe('stream_interrupted');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(
      /broke after the reply had started \(15 characters already sent\), not retried/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('a stream cut before any token is retried', async () => {
    server.enqueue(
      'chat',
      { kind: 'cut', content: 'never said', afterChunks: 0 },
      { kind: 'reply', content: 'Second try.' },
    );
    const llm = makeLlm({ retry: { initialDelayMs: 50 }, onRetry: () => void clock.advance(50) });
    const { items, error } = await collect(llm.chat(options()));
    expect(error).toBeUndefined();
    expect(text(items)).toBe('Second try.');
    expect(server.requests).toHaveLength(2);
  });

  it('a stream that ends without a finish reason is an error', async () => {
    server.enqueue('chat', { kind: 'end_early', content: 'Half a' });
    const { error } = await collect(makeLlm().chat(options()));
    expect((error as ProviderError).code).toBe('stream_interrupted');
    expect((error as ProviderError).message).toMatch(/ended before the reply was complete/);
  });

  it('malformed SSE gives a clear error naming baseURL', async () => {
    server.enqueue('chat', { kind: 'malformed' });
    const { error } = await collect(makeLlm().chat(options()));
    const e = error as ProviderError;
    expect(e.code).toBe('malformed_response');
    expect(e.setting).toBe('providers.llm.baseURL');
    expect(e.message).toContain(`malformed streaming response from ${server.origin}`);
    expect(server.requests).toHaveLength(1);
  });

  it('a server that never answers times out on the clock, naming the timeout setting', async () => {
    server.enqueue('chat', { kind: 'hang' });
    const llm = makeLlm({ timeoutMs: 5000, retry: { maxRetries: 0 } });
    const result = collect(llm.chat(options()));
    await server.waitForRequests(1);
    await clock.advance(4999);
    expect(server.requests[0].clientClosedEarly).toBe(false);
    await clock.advance(1);
    const { error } = await result;
    const e = error as ProviderError;
    expect(e.code).toBe('timeout');
    expect(e.setting).toBe('providers.llm.timeoutMs');
    expect(e.message).toContain(`no response from ${server.origin} within 5000 ms (providers.llm.timeoutMs)`);
    await server.waitForClientClose(1);
  });

  it('closing mid-stream aborts the HTTP request (the server sees the socket close)', async () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    server.enqueue('chat', { kind: 'reply', content: words, chunkDelayMs: 5 });
    const stream = makeLlm().chat(options());
    const it = stream[Symbol.asyncIterator]();
    let got = '';
    while (got.length < 20) got += (await it.next()).value?.delta?.content ?? '';
    await stream.close();
    await server.waitForClientClose(1);
    expect(server.requests[0].finished).toBe(false);
    expect((await it.next()).done).toBe(true);
  });

  it('aborting the signal mid-stream aborts the request and ends the stream without error', async () => {
    server.enqueue('chat', { kind: 'reply', content: 'a b c d e f g h i j k l m n o p', chunkDelayMs: 20 });
    const ctrl = new AbortController();
    const stream = makeLlm().chat(options({ signal: ctrl.signal }));
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    ctrl.abort();
    await server.waitForClientClose(1);
    const { error } = await collect({ [Symbol.asyncIterator]: () => it });
    expect(error).toBeUndefined();
  });

  it('a wrong key is reported by name, never by value, and not retried', async () => {
    const llm = makeLlm({ apiKey: 'sk-wrong-secret-123456', apiKeyName: 'OPENAI_API_KEY' });
    const { error } = await collect(llm.chat(options()));
    const e = error as ProviderError;
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(
      new RegExp(`^OPENAI_API_KEY was rejected \\(401\\) by ${server.origin}: set a valid key in`),
    );
    expect(e.message).not.toContain('sk-wrong');
    expect(e.setting).toBe('providers.llm.apiKeyName');
    expect(server.requests).toHaveLength(1);
  });

  it('quoted server messages never carry the key', async () => {
    server.enqueue('chat', {
      kind: 'status',
      status: 400,
      message: `key ${server.apiKey} may not use tool x; also sk-abcdefghijkl`,
    });
    const { error } = await collect(makeLlm().chat(options()));
    const e = error as ProviderError;
    expect(e.code).toBe('bad_request');
    expect(e.message).toContain('request rejected (400)');
    expect(e.message).toContain('key *** may not use tool x; also sk-***');
    expect(e.message).not.toContain(server.apiKey);
  });

  it('an unknown model names the model setting', async () => {
    const { error } = await collect(makeLlm({ model: 'gpt-nope' }).chat(options()));
    const e = error as ProviderError;
    expect(e.code).toBe('model_not_found');
    expect(e.setting).toBe('providers.llm.model');
    expect(e.message).toContain('model "gpt-nope" was not found (404)');
    expect(e.retryable).toBe(false);
  });

  it('a refused connection is a retryable connection error naming baseURL', async () => {
    const origin = server.origin;
    await server.close();
    const llm = new OpenAILLM({
      model: 'gpt-4o-mini',
      apiKey: 'k',
      baseURL: `${origin}/v1`,
      clock,
      retry: { maxRetries: 0 },
    });
    const { error } = await collect(llm.chat(options()));
    const e = error as ProviderError;
    expect(e.code).toBe('connection');
    expect(e.retryable).toBe(true);
    expect(e.message).toContain(`connection to ${origin} failed`);
    expect(e.message).toContain('ECONNREFUSED');
  });
});
