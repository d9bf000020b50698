import { describe, expect, it } from 'vitest';
import { LlmProviderSchema } from '../../../shared/config';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { ChatContext } from '../../engine/llm/chat-context';
import type { ChatChunk } from '../../engine/llm/llm';
import { InputTable } from './input-match';
import { tableLlm, tokenize, type SimulatedLlmConfig } from './table-llm';

function config(input: Record<string, unknown>): SimulatedLlmConfig {
  return LlmProviderSchema.parse({ provider: 'simulated', ...input }) as SimulatedLlmConfig;
}

function userCtx(text: string): ChatContext {
  const c = new ChatContext();
  c.addMessage({ role: 'system', content: 'sys', createdAt: 0 });
  c.addMessage({ role: 'user', content: text, createdAt: 1 });
  return c;
}

function drain(it: AsyncIterable<ChatChunk>, clock: VirtualClock) {
  const got: Array<[number, ChatChunk]> = [];
  const done = (async () => {
    for await (const x of it) got.push([clock.instantMs, x]);
  })();
  return { got, done };
}

describe('input matching', () => {
  const table = new InputTable(
    [
      { input: 'weather', id: 'substring' },
      { input: '/^book (a|the) table/i', id: 'regex' },
      { input: 'What is the weather?', id: 'exact' },
      { input: '', id: 'empty' },
    ],
    'x',
  );
  it('prefers an exact match, then the first regex or substring in file order', () => {
    expect(table.lookup('  what is   the WEATHER? ')?.id).toBe('exact');
    expect(table.lookup('how is the weather in Paris')?.id).toBe('substring');
    expect(table.lookup('Book a table for two')?.id).toBe('regex');
    expect(table.lookup('I want to book a table')).toBeUndefined();
    // An empty input stands only for an empty request (a greeting with no user turn).
    expect(table.lookup('')?.id).toBe('empty');
    expect(table.lookup('something else')).toBeUndefined();
  });
  it('names the entry of an invalid regex', () => {
    expect(() => new InputTable([{ input: '/(/' }], 'providers.llm.responses')).toThrow(
      /providers\.llm\.responses\[0\]\.input: invalid regex/,
    );
  });
});

describe('simulated LLM (scripted LLM on the config table)', () => {
  it('streams the scripted reply word by word at ttft + i / tokensPerSecond, then usage', async () => {
    const clock = new VirtualClock(1000);
    const llm = tableLlm(
      config({
        ttftMs: 250,
        tokensPerSecond: 10,
        responses: [{ input: 'hello', content: 'Hi there, friend.' }],
      }),
      clock,
    );
    const s = drain(llm.chat({ chatCtx: userCtx('Hello!'), tools: [] }), clock);
    await clock.runUntil(5000);
    await s.done;
    const content = s.got.filter(([, c]) => c.delta?.content !== undefined);
    expect(content.map(([t, c]) => [t, c.delta?.content])).toEqual([
      [1250, 'Hi'],
      [1350, ' there,'],
      [1450, ' friend.'],
    ]);
    const usage = s.got.at(-1)?.[1].usage;
    expect(usage?.completionTokens).toBe(3);
    expect(usage?.promptTokens).toBeGreaterThan(0);
    expect(llm.requests).toEqual([{ requestId: 'sim_llm_1', key: 'Hello!', responseIndex: 0 }]);
    expect(llm.openStreams()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('emits scripted tool calls with JSON arguments after the content, and none when tools are off', async () => {
    const clock = new VirtualClock();
    const llm = tableLlm(
      config({
        ttftMs: 100,
        tokensPerSecond: 20,
        responses: [
          {
            input: '/weather in (\\w+)/i',
            content: 'Let me check.',
            toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }],
          },
          { input: 'sunny', content: 'It is sunny in Paris.' },
        ],
      }),
      clock,
    );
    const tool = { name: 'get_weather', description: '', parameters: { type: 'object' } };
    const s = drain(llm.chat({ chatCtx: userCtx('What is the weather in Paris?'), tools: [tool] }), clock);
    await clock.runUntil(1000);
    await s.done;
    const calls = s.got.filter(([, c]) => c.delta?.toolCalls);
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe(200); // with the last of its three tokens
    expect(calls[0][1].delta?.toolCalls).toEqual([
      { callId: 'sim_call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);

    // The follow-up request is keyed by the tool output.
    const ctx = userCtx('What is the weather in Paris?');
    ctx.insert({
      type: 'function_call_output',
      id: 'o1',
      callId: 'sim_call_1',
      name: 'get_weather',
      output: 'sunny, 21 C',
      isError: false,
      createdAt: 5,
    });
    const follow = drain(llm.chat({ chatCtx: ctx, tools: [tool] }), clock);
    const none = drain(
      llm.chat({ chatCtx: userCtx('weather in Rome'), tools: [tool], toolChoice: 'none' }),
      clock,
    );
    await clock.runUntil(3000);
    await Promise.all([follow.done, none.done]);
    expect(follow.got.map(([, c]) => c.delta?.content ?? '').join('')).toBe('It is sunny in Paris.');
    expect(none.got.some(([, c]) => c.delta?.toolCalls)).toBe(false);
  });

  it('answers unknown input with the fallback template', async () => {
    const clock = new VirtualClock();
    const llm = tableLlm(config({ ttftMs: 0, fallbackReply: 'You said {input}, right?' }), clock);
    const s = drain(llm.chat({ chatCtx: userCtx('the sky is green'), tools: [] }), clock);
    await clock.runUntil(1000);
    await s.done;
    expect(s.got.map(([, c]) => c.delta?.content ?? '').join('')).toBe('You said the sky is green, right?');
    expect(llm.requests[0].responseIndex).toBeNull();
  });

  it('stops at once when aborted or closed, leaving no timer', async () => {
    const clock = new VirtualClock();
    const llm = tableLlm(
      config({ ttftMs: 100, tokensPerSecond: 1, responses: [{ input: 'x', content: 'a b c d e' }] }),
      clock,
    );
    const ctrl = new AbortController();
    const s = drain(llm.chat({ chatCtx: userCtx('x'), tools: [], signal: ctrl.signal }), clock);
    const closed = llm.chat({ chatCtx: userCtx('x'), tools: [] });
    const c = drain(closed, clock);
    await clock.runUntil(1500);
    ctrl.abort();
    await closed.close();
    await Promise.all([s.done, c.done]);
    expect(s.got.map(([, ch]) => ch.delta?.content)).toEqual(['a', ' b']);
    expect(llm.openStreams()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('tokenizes keeping leading spaces', () => {
    expect(tokenize('Hi  there.\nBye')).toEqual(['Hi', '  there.', '\nBye']);
    expect(tokenize('')).toEqual([]);
  });
});
