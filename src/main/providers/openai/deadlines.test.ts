/**
 * Overall deadlines of provider requests, all on the virtual clock (no wall-clock assertions):
 * the budget logic on its own, then the OpenAI LLM, TTS and STT against the misbehaving test
 * server — a server that never answers, one that streams only empty deltas, one that stalls
 * after the reply started.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFrame } from '../../engine/audio/frame';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { ChatContext } from '../../engine/llm/chat-context';
import type { LLMStream } from '../../engine/llm/llm';
import { OpenAITestServer } from '../testing/openai-test-server';
import { collect, waitFor } from '../testing/wait-for';
import { ProviderError, type ErrorContext } from '../common/provider-error';
import { toProviderError } from './errors';
import { OpenAILLM, type OpenAILLMOptions } from './llm';
import { RequestBudget } from '../common/request-budget';
import { withRetries, type RetryInfo } from '../common/retry';
import { OpenAISTT } from './stt';
import { OpenAITTS } from './tts';

let clock: VirtualClock;
beforeEach(() => {
  clock = new VirtualClock();
});

const ctx: ErrorContext = {
  provider: 'openai',
  kind: 'llm',
  origin: 'http://127.0.0.1:1',
  model: 'm',
  apiKeyName: 'OPENAI_API_KEY',
  secrets: [],
  timeoutMs: 30_000,
  settingPrefix: 'providers.llm',
};

describe('RequestBudget', () => {
  it('aborts at the first-token deadline unless progress came, and at the total deadline regardless', async () => {
    const outer = new AbortController();
    const quiet = new RequestBudget(clock, { firstTokenTimeoutMs: 1000, totalTimeoutMs: 5000 }, outer.signal);
    await clock.advance(999);
    expect(quiet.signal.aborted).toBe(false);
    expect(quiet.remainingMs()).toBe(1);
    await clock.advance(1);
    expect(quiet.expired).toBe('first_token');
    quiet.dispose();

    const busy = new RequestBudget(clock, { firstTokenTimeoutMs: 1000, totalTimeoutMs: 5000 }, outer.signal);
    await clock.advance(500);
    busy.progress();
    expect(busy.nearest()).toBe('total');
    expect(busy.remainingMs()).toBe(4500);
    await clock.advance(4499);
    expect(busy.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(busy.expired).toBe('total');
    busy.dispose();
  });

  it('zero turns a deadline off, and the caller aborting is not an expiry', async () => {
    const outer = new AbortController();
    const b = new RequestBudget(clock, { firstTokenTimeoutMs: 0, totalTimeoutMs: 0 }, outer.signal);
    expect(b.remainingMs()).toBe(Infinity);
    await clock.advance(1_000_000);
    expect(b.signal.aborted).toBe(false);
    outer.abort();
    expect(b.signal.aborted).toBe(true);
    expect(b.expired).toBeNull();
    b.dispose();
  });
});

describe('withRetries under overall deadlines', () => {
  const policy = { maxRetries: 10, initialDelayMs: 1000, maxDelayMs: 8000 };

  it('an attempt that never answers fails at the first-token deadline, naming the setting, not retried', async () => {
    let attempts = 0;
    const result = withRetries({
      classify: toProviderError,
      clock,
      policy,
      timeoutMs: 30_000,
      deadlines: { firstTokenTimeoutMs: 10_000, totalTimeoutMs: 15_000 },
      signal: new AbortController().signal,
      ctx,
      run: (attempt) => {
        attempts += 1;
        return new Promise((_, reject) =>
          attempt.signal.addEventListener('abort', () => reject(new Error('x'))),
        );
      },
    }).catch((e: unknown) => e);
    await clock.advance(9_999);
    expect(attempts).toBe(1);
    await clock.advance(1);
    const e = (await result) as ProviderError;
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.code).toBe('timeout');
    expect(e.retryable).toBe(false);
    expect(e.setting).toBe('providers.llm.firstTokenTimeoutMs');
    expect(e.message).toBe(
      'openai llm: no first token from http://127.0.0.1:1 within 10000 ms (providers.llm.firstTokenTimeoutMs, 1 attempt): check that the server is running and answering, or raise providers.llm.firstTokenTimeoutMs',
    );
    expect(attempts).toBe(1);
  });

  it('retries fast failures with backoff but makes no retry that would start after the deadline', async () => {
    const retries: RetryInfo[] = [];
    const result = withRetries({
      classify: toProviderError,
      clock,
      policy,
      timeoutMs: 30_000,
      deadlines: { firstTokenTimeoutMs: 5000, totalTimeoutMs: 0 },
      signal: new AbortController().signal,
      ctx,
      onRetry: (r) => retries.push(r),
      run: () => Promise.reject(Object.assign(new Error('ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    }).catch((e: unknown) => e);
    await clock.advance(20_000);
    const e = (await result) as ProviderError;
    // Attempts at 0, 1000 and 3000 ms; the next would wait 4000 ms, past the 5000 ms deadline.
    expect(retries.map((r) => [r.failedAttempt, r.delayMs, r.setting])).toEqual([
      [1, 1000, 'providers.llm'],
      [2, 2000, 'providers.llm'],
    ]);
    expect(e.code).toBe('connection');
    expect(e.attempts).toBe(3);
    expect(e.message).toContain(
      '(not retried: the next attempt would start after the providers.llm.firstTokenTimeoutMs deadline of 5000 ms; 3 attempts made)',
    );
  });

  it('the deadline also ends a backoff sleep', async () => {
    const retries: RetryInfo[] = [];
    let attempts = 0;
    const result = withRetries({
      classify: toProviderError,
      clock,
      policy: { maxRetries: 3, initialDelayMs: 4000, maxDelayMs: 8000 },
      timeoutMs: 3000,
      deadlines: { firstTokenTimeoutMs: 0, totalTimeoutMs: 7500 },
      signal: new AbortController().signal,
      ctx,
      onRetry: (r) => retries.push(r),
      run: (attempt) => {
        attempts += 1;
        // Each attempt hangs until its own 3000 ms timeout.
        return new Promise((_, reject) =>
          attempt.signal.addEventListener('abort', () => reject(new Error('x'))),
        );
      },
    }).catch((e: unknown) => e);
    await clock.advance(3000); // attempt 1 times out; a 4000 ms backoff would end at 7000 < 7500
    expect(retries).toHaveLength(1);
    await clock.advance(4000); // attempt 2 starts at 7000, the total deadline cuts it at 7500
    await clock.advance(500);
    const e = (await result) as ProviderError;
    expect(attempts).toBe(2);
    expect(e.setting).toBe('providers.llm.totalTimeoutMs');
    expect(e.message).toContain('did not finish within 7500 ms (providers.llm.totalTimeoutMs, 2 attempts)');
  });
});

describe('OpenAI providers against a dead or stalling server', () => {
  let server: OpenAITestServer;
  beforeEach(async () => {
    server = await OpenAITestServer.start({ lifetimeMs: 15_000 });
  });
  afterEach(async () => {
    await server.close();
  });

  function makeLlm(extra: Partial<OpenAILLMOptions> = {}): OpenAILLM {
    return new OpenAILLM({
      model: 'gpt-4o-mini',
      apiKey: server.apiKey,
      baseURL: server.url,
      clock,
      ...extra,
    });
  }

  function chat(llm: OpenAILLM): LLMStream {
    const chatCtx = new ChatContext();
    chatCtx.addMessage({ role: 'user', content: 'Hello?', createdAt: 0 });
    return llm.chat({ chatCtx, tools: [] });
  }

  /** Moves the clock in steps, letting the server write `perStep` more events between them. */
  async function stepWhileStreaming(seq: number, steps: number, stepMs: number, isDone: () => boolean) {
    for (let i = 0; i < steps && !isDone(); i++) {
      const sent = server.requests[seq - 1]?.eventsSent ?? 0;
      await server.waitForEvents(seq, sent + 1);
      await clock.advance(stepMs);
    }
  }

  it('with the default settings a dead LLM fails the turn at the 10 s first-token deadline', async () => {
    server.enqueue('chat', { kind: 'hang' });
    const result = collect(chat(makeLlm()));
    await server.waitForRequests(1);
    await clock.advance(9_999);
    expect(server.requests[0].clientClosedEarly).toBe(false);
    await clock.advance(1);
    const { error } = await result;
    const e = error as ProviderError;
    expect(e.code).toBe('timeout');
    expect(e.setting).toBe('providers.llm.firstTokenTimeoutMs');
    expect(e.message).toContain(`no first token from ${server.origin} within 10000 ms`);
    await server.waitForClientClose(1);
  });

  it('a stream of empty deltas is no progress: it hits the first-token deadline', async () => {
    server.enqueue('chat', { kind: 'empty_deltas', intervalMs: 2 });
    let done = false;
    const result = collect(chat(makeLlm({ firstTokenTimeoutMs: 5000, retry: { maxRetries: 0 } }))).finally(
      () => (done = true),
    );
    // An empty delta arrives before every 1000 ms step; before the fix each one kept the request alive.
    await stepWhileStreaming(1, 6, 1000, () => done);
    await waitFor(() => done, 'the request to fail');
    const { items, error } = await result;
    expect(items.filter((c) => c.delta?.content)).toEqual([]);
    const e = error as ProviderError;
    expect(e.code).toBe('timeout');
    expect(e.setting).toBe('providers.llm.firstTokenTimeoutMs');
    expect(e.message).toContain(
      `nothing usable from ${server.origin} within 5000 ms (providers.llm.firstTokenTimeoutMs, 1 attempt): it answered but sent only empty chunks`,
    );
    await server.waitForClientClose(1);
  });

  it('empty deltas after the reply started stall it: the per-attempt timeout counts only progress', async () => {
    server.enqueue('chat', { kind: 'empty_deltas', content: 'Hello there.', intervalMs: 2 });
    let done = false;
    const result = collect(chat(makeLlm({ timeoutMs: 2500, totalTimeoutMs: 0 }))).finally(
      () => (done = true),
    );
    await stepWhileStreaming(1, 4, 1000, () => done);
    await waitFor(() => done, 'the request to fail');
    const { items, error } = await result;
    expect(items.map((c) => c.delta?.content ?? '').join('')).toBe('Hello there.');
    const e = error as ProviderError;
    expect(e.code).toBe('stream_interrupted');
    expect(e.message).toContain('the stream stalled, no data');
    expect(server.requests).toHaveLength(1);
  });

  it('the total budget ends a reply that keeps the stream alive with empty deltas', async () => {
    server.enqueue('chat', { kind: 'empty_deltas', content: 'Hello there.', intervalMs: 2 });
    let done = false;
    const result = collect(chat(makeLlm({ timeoutMs: 0, totalTimeoutMs: 4000 }))).finally(
      () => (done = true),
    );
    await stepWhileStreaming(1, 5, 1000, () => done);
    await waitFor(() => done, 'the request to fail');
    const e = (await result).error as ProviderError;
    expect(e.code).toBe('stream_interrupted');
    expect(e.message).toContain(`did not finish within 4000 ms (providers.llm.totalTimeoutMs, 1 attempt)`);
  });

  it('TTS: a speech server that never answers fails at its first-audio deadline', async () => {
    server.enqueue('speech', { kind: 'hang' });
    const tts = new OpenAITTS({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      apiKey: server.apiKey,
      baseURL: server.url,
      clock,
      firstTokenTimeoutMs: 3000,
    });
    const result = tts.requestSpeech('Hello.', new AbortController().signal, () => undefined).catch((e) => e);
    await server.waitForRequests(1);
    await clock.advance(3000);
    const e = (await result) as ProviderError;
    expect(e.code).toBe('timeout');
    expect(e.setting).toBe('providers.tts.firstTokenTimeoutMs');
    expect(e.message).toContain(`no first audio from ${server.origin} within 3000 ms`);
  });

  it('STT: a transcription server that never answers fails at its first-transcript deadline', async () => {
    server.enqueue('transcriptions', { kind: 'hang' });
    const stt = new OpenAISTT({
      model: 'whisper-1',
      apiKey: server.apiKey,
      baseURL: server.url,
      clock,
      firstTokenTimeoutMs: 4000,
    });
    const frame = makeFrame(new Int16Array(1600), 16000, 1);
    const result = stt.recognize([frame]).catch((e: unknown) => e);
    await server.waitForRequests(1);
    await clock.advance(3999);
    expect(server.requests[0].clientClosedEarly).toBe(false);
    await clock.advance(1);
    const e = (await result) as ProviderError;
    expect(e.code).toBe('timeout');
    expect(e.setting).toBe('providers.stt.firstTokenTimeoutMs');
    expect(e.message).toContain(`no first transcript from ${server.origin} within 4000 ms`);
  });
});
