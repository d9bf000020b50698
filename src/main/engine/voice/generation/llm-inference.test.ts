import { describe, expect, it } from 'vitest';
import { cancelAndWait } from '../../base/tasks';
import { ChatContext } from '../../llm/chat-context';
import { ToolContext, functionTool } from '../../llm/tool-context';
import { performLlmInference } from './llm-inference';
import { collect, scriptedLlmNode, testEnv } from '../../testing/generation-rig';
import { FlushSentinel } from './types';

const tool = functionTool({ name: 'get_weather', execute: () => 'sunny' });

describe('performLlmInference', () => {
  it('streams text and tool calls to their channels and reports ttft/duration on the clock', async () => {
    const env = testEnv();
    const [task, data] = performLlmInference({
      node: scriptedLlmNode(env.clock, {
        content: "I'm fine!",
        toolCalls: [{ callId: 'c1', name: 'get_weather', arguments: '{}' }],
        ttftMs: 100,
        durationMs: 300,
      }),
      chatCtx: new ChatContext(),
      toolCtx: new ToolContext([tool]),
      modelSettings: { toolChoice: 'auto' },
      env,
      speechId: 'speech_1',
      llmLabel: 'fake.LLM',
    });
    const texts = collect(data.textCh);
    const calls = collect(data.functionCh);
    await env.clock.runUntil(1000);
    expect(await task.promise).toBe(true);

    expect(await texts).toEqual(["I'm", ' fi', 'ne!']);
    const fn = await calls;
    expect(fn).toHaveLength(1);
    expect(fn[0]).toMatchObject({
      id: `${data.id}/fnc_0`,
      callId: 'c1',
      name: 'get_weather',
      createdAt: 300,
    });
    expect(data.generatedText).toBe("I'm fine!");
    expect(data.generatedFunctions).toEqual(fn);
    expect(data.ttftMs).toBeCloseTo(100, 2);
    expect(data.startedFut.done).toBe(true);

    const req = env.of('llm_request');
    expect(req.map((e) => [e.phase, e.t])).toEqual([
      ['start', 0],
      ['first_token', 100],
      ['end', 300],
    ]);
    expect(req[0]).toMatchObject({ tools: ['get_weather'], toolChoice: 'auto', speechId: 'speech_1' });
    expect(req[2]).not.toHaveProperty('error');

    const metrics = env.of('metrics_collected').map((e) => e.metrics);
    expect(metrics).toHaveLength(1);
    const m = metrics[0];
    if (m.type !== 'llm') throw new Error('expected llm metrics');
    expect(m.ttftMs).toBeCloseTo(100, 2);
    expect(m.durationMs).toBeCloseTo(300, 2);
    expect(m).toMatchObject({
      speechId: 'speech_1',
      requestId: 'req_1',
      cancelled: false,
      label: 'fake.LLM',
      totalTokens: 16,
    });
    expect(m.tokensPerSecond).toBeCloseTo(20, 1);
    expect(env.clock.pendingTimerCount()).toBe(0);
  });

  it('aborts the provider stream when cancelled mid-stream and closes everything', async () => {
    const env = testEnv();
    const state = { closed: false, calls: 0 };
    const [task, data] = performLlmInference({
      node: scriptedLlmNode(env.clock, { content: 'abcdef', ttftMs: 100, durationMs: 5000 }, state),
      chatCtx: new ChatContext(),
      toolCtx: new ToolContext([]),
      modelSettings: {},
      env,
      speechId: null,
    });
    const texts = collect(data.textCh);
    await env.clock.runUntil(150);
    expect(state.closed).toBe(false);
    const stopped = cancelAndWait([task], env.clock, 1000);
    await env.clock.runUntil(160);
    expect(await stopped).toBe(true);
    await expect(task.promise).rejects.toThrow();

    expect(state.closed).toBe(true);
    expect(await texts).toEqual(['abc', 'def']);
    expect(data.textCh.closed && data.functionCh.closed).toBe(true);
    expect(env.of('llm_request').at(-1)).toMatchObject({ phase: 'end', error: 'cancelled', t: 150 });
    const m = env.of('metrics_collected')[0]?.metrics;
    expect(m).toMatchObject({ type: 'llm', cancelled: true });
    expect(env.clock.pendingTimerCount()).toBe(0);
    expect(env.owner.size).toBe(0);
  });

  it('reports a provider failure as an error event and ends without metrics', async () => {
    const env = testEnv();
    const [task, data] = performLlmInference({
      node: scriptedLlmNode(env.clock, { content: 'hi', failWith: new Error('503 from provider') }),
      chatCtx: new ChatContext(),
      toolCtx: new ToolContext([]),
      modelSettings: {},
      env,
    });
    const texts = collect(data.textCh);
    await env.clock.runUntil(1000);
    expect(await task.promise).toBe(false);
    expect(await texts).toEqual(['hi']);
    expect(env.of('error')).toMatchObject([
      { source: 'llm', message: '503 from provider', recoverable: false },
    ]);
    expect(env.of('llm_request').at(-1)).toMatchObject({ phase: 'end', error: '503 from provider' });
    expect(env.of('metrics_collected')).toHaveLength(0);
  });

  it('accepts a plain string or string chunks with flush markers from the node', async () => {
    const env = testEnv();
    const [t1, d1] = performLlmInference({
      node: () => 'Hello there',
      chatCtx: new ChatContext(),
      toolCtx: new ToolContext([]),
      modelSettings: {},
      env,
    });
    expect(await collect(d1.textCh)).toEqual(['Hello there']);
    expect(await t1.promise).toBe(true);

    const flush = new FlushSentinel();
    const [t2, d2] = performLlmInference({
      node: async function* () {
        yield 'one.';
        yield flush;
        yield 'two.';
      },
      chatCtx: new ChatContext(),
      toolCtx: new ToolContext([]),
      modelSettings: {},
      env,
    });
    expect(await collect(d2.textCh)).toEqual(['one.', flush, 'two.']);
    expect(await t2.promise).toBe(true);
    expect(d2.generatedText).toBe('one.two.');
  });

  it('returns false for a node that produces nothing', async () => {
    const env = testEnv();
    const [task, data] = performLlmInference({
      node: () => null,
      chatCtx: new ChatContext(),
      toolCtx: new ToolContext([]),
      modelSettings: {},
      env,
    });
    expect(await task.promise).toBe(false);
    expect(data.textCh.closed).toBe(true);
  });

  it('builds the request payload only for a listener, and the same payload as without the hint', async () => {
    const run = async (hasListeners: boolean | undefined) => {
      const env = testEnv();
      const ctx = new ChatContext();
      ctx.addMessage({ id: 'msg_hi', role: 'user', content: 'hi', createdAt: 0 });
      const events = { emit: env.events.emit, hasListeners };
      const [task] = performLlmInference({
        node: scriptedLlmNode(env.clock, { content: 'ok', ttftMs: 10, durationMs: 20 }),
        chatCtx: ctx,
        toolCtx: new ToolContext([tool]),
        modelSettings: { toolChoice: 'auto' },
        env: { ...env, events },
        llmLabel: 'fake.LLM',
      });
      await env.clock.runUntil(100);
      await task.promise;
      const start = env.of('llm_request')[0];
      return { start, request: start.phase === 'start' ? start.request : undefined };
    };
    const eager = await run(undefined);
    const heard = await run(true);
    const unheard = await run(false);
    expect(eager.request?.chatContext).toMatchObject([{ role: 'user', content: 'hi' }]);
    expect(heard.request).toEqual(eager.request);
    expect(unheard.request).toBeUndefined();
    // the rest of the event is the same either way (request ids count on across runs)
    const rest = (start: typeof eager.start) => ({ ...start, request: undefined, requestId: '' });
    expect(rest(unheard.start)).toEqual(rest(eager.start));
  });
});
