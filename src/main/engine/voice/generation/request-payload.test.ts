import { describe, expect, it } from 'vitest';
import { PAYLOAD_ITEM_LIMIT, PAYLOAD_TEXT_LIMIT, TRUNCATED_MARK } from '../../../../shared/engine-events';
import { ChatContext } from '../../llm/chat-context';
import { ToolContext, functionTool } from '../../llm/tool-context';
import { performLlmInference } from './llm-inference';
import { boundChatItems, boundText } from './payload-items';
import { llmRequestPayload } from './request-payload';
import { scriptedLlmNode, testEnv } from '../../testing/generation-rig';

describe('request payload bounds', () => {
  it('keeps short text and cuts long text with a note of what was cut', () => {
    expect(boundText('hello', 10)).toBe('hello');
    const cut = boundText('x'.repeat(25), 10);
    expect(cut).toBe(`${'x'.repeat(10)}${TRUNCATED_MARK}15 more characters]`);
  });

  it('carries a 1 MB tool output as a bounded text and keeps only the newest items', () => {
    const ctx = new ChatContext();
    for (let i = 0; i < PAYLOAD_ITEM_LIMIT + 5; i++)
      ctx.addMessage({ role: 'user', content: `m${i}`, createdAt: i });
    ctx.insert({
      type: 'function_call_output',
      id: 'out',
      callId: 'c1',
      name: 'dump',
      output: 'y'.repeat(1_000_000),
      isError: false,
      createdAt: 10_000,
    });
    const { items, omitted } = boundChatItems(ctx.toData());
    expect(items).toHaveLength(PAYLOAD_ITEM_LIMIT);
    expect(omitted).toBe(6);
    const last = items.at(-1);
    if (last?.type !== 'function_call_output') throw new Error('expected the output last');
    expect(last.output.length).toBeLessThan(PAYLOAD_TEXT_LIMIT + 60);
    expect(last.output).toContain(`${TRUNCATED_MARK}${1_000_000 - PAYLOAD_TEXT_LIMIT} more characters]`);
  });

  it('carries the newest items detached from the live context', () => {
    const ctx = new ChatContext();
    for (let i = 0; i < 3 * PAYLOAD_ITEM_LIMIT; i++)
      ctx.addMessage({ role: 'user', content: `m${i}`, createdAt: i });
    const payload = llmRequestPayload({ chatCtx: ctx, tools: [], modelSettings: {} });
    expect(payload.chatContext).toHaveLength(PAYLOAD_ITEM_LIMIT);
    expect(payload.omittedItems).toBe(2 * PAYLOAD_ITEM_LIMIT);
    const last = ctx.items.at(-1);
    if (last?.type !== 'message') throw new Error('expected a message last');
    last.content = 'edited later';
    expect(payload.chatContext.at(-1)).toMatchObject({ content: `m${3 * PAYLOAD_ITEM_LIMIT - 1}` });
  });

  it('names the model, the tools with their schemas and the options, dropping unset ones', () => {
    const ctx = new ChatContext();
    ctx.addMessage({ role: 'system', content: 'Be brief.', createdAt: 0 });
    const tool = functionTool({ name: 'get_weather', description: 'Weather now', execute: () => 'sunny' });
    const payload = llmRequestPayload({
      chatCtx: ctx,
      tools: [tool],
      modelSettings: { toolChoice: 'auto', ...({ replyInstructions: undefined } as object) },
      provider: 'openai.LLM',
      model: 'gpt-4o-mini',
      llmOptions: { temperature: 0.2 },
    });
    expect(payload).toMatchObject({
      provider: 'openai.LLM',
      model: 'gpt-4o-mini',
      omittedItems: 0,
      options: { temperature: 0.2, toolChoice: 'auto' },
    });
    expect(Object.keys(payload.options)).not.toContain('replyInstructions');
    expect(payload.chatContext).toMatchObject([{ type: 'message', role: 'system', content: 'Be brief.' }]);
    expect(payload.toolDefinitions).toEqual([
      { name: 'get_weather', description: 'Weather now', parameters: tool.parameters },
    ]);
    // Plain data: what the recorder writes is what the inspector reads back.
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
  });
});

describe('request payload total bound', () => {
  it('keeps the newest items within the character budget and counts the older ones', () => {
    const ctx = new ChatContext();
    for (let i = 0; i < 10; i++) ctx.addMessage({ role: 'user', content: 'z'.repeat(100), createdAt: i });
    const { items, omitted } = boundChatItems(ctx.toData(), 350);
    expect(items).toHaveLength(3);
    expect(omitted).toBe(7);
    expect(items.map((m) => m.createdAt)).toEqual([7, 8, 9]);
    // The newest item is kept even alone over the budget.
    expect(boundChatItems(ctx.toData(), 10).items).toHaveLength(1);
  });
});

describe('llm_request events carry the request and the response', () => {
  it('start has the chat context as sent; end has the text, tool calls and usage', async () => {
    const env = testEnv();
    const ctx = new ChatContext();
    ctx.addMessage({ role: 'user', content: 'Weather?', createdAt: 0 });
    const tool = functionTool({ name: 'get_weather', execute: () => 'sunny' });
    const [task] = performLlmInference({
      node: scriptedLlmNode(env.clock, {
        content: 'Sunny.',
        toolCalls: [{ callId: 'c1', name: 'get_weather', arguments: '{}' }],
        ttftMs: 100,
        durationMs: 300,
      }),
      chatCtx: ctx,
      toolCtx: new ToolContext([tool]),
      modelSettings: { toolChoice: 'auto' },
      env,
      speechId: 'speech_1',
      llmLabel: 'fake.LLM',
      llmModel: 'fake-1',
    });
    await env.clock.runUntil(1000);
    expect(await task.promise).toBe(true);
    const [start, , end] = env.of('llm_request');
    if (start.phase !== 'start' || end.phase !== 'end') throw new Error('expected start … end');
    expect(start.request).toMatchObject({
      provider: 'fake.LLM',
      model: 'fake-1',
      chatContext: [{ type: 'message', role: 'user', content: 'Weather?' }],
      toolDefinitions: [{ name: 'get_weather' }],
      options: { toolChoice: 'auto' },
    });
    expect(end.response).toEqual({
      text: 'Sunny.',
      toolCalls: [{ callId: 'c1', name: 'get_weather', arguments: '{}' }],
      usage: { completionTokens: 6, promptTokens: 10, promptCachedTokens: 0, totalTokens: 16 },
      providerRequestId: expect.any(String),
    });
  });
});

describe('llm_request payloads over a growing conversation', () => {
  const TURNS = 150;
  it('show exactly the context each request sent and copy only what is new or edited', async () => {
    const env = testEnv();
    const ctx = new ChatContext();
    ctx.addMessage({ role: 'system', content: 'Be brief.', createdAt: 0 });
    const sent: unknown[] = [];
    const scripted = scriptedLlmNode(env.clock, { content: 'Ok.', ttftMs: 10, durationMs: 20 });
    const node: typeof scripted = (chatCtx, tools, settings, signal) => {
      sent.push(structuredClone(chatCtx.items));
      return scripted(chatCtx, tools, settings, signal);
    };
    const newCopies: number[] = [];
    let previous = new Set<unknown>();
    for (let turn = 1; turn <= TURNS; turn++) {
      const at = turn * 100;
      ctx.addMessage({ role: 'user', content: `question ${turn}`, createdAt: at });
      if (turn % 50 === 0) {
        // Edited in place after they entered the context, as the engine does with metrics.
        const user = ctx.items.at(-1);
        if (user?.type !== 'message') throw new Error('expected the user message');
        user.metrics = { e2eLatencyMs: turn };
        const older = ctx.items.at(-3);
        if (older?.type !== 'message') throw new Error('expected an older message');
        older.content = `${older.content} (edited)`;
      }
      const [task] = performLlmInference({
        node,
        chatCtx: ctx,
        toolCtx: new ToolContext([]),
        modelSettings: {},
        env,
        speechId: `speech_${turn}`,
      });
      await env.clock.runUntil(at + 50);
      expect(await task.promise).toBe(true);
      ctx.addMessage({ role: 'assistant', content: `answer ${turn}`, createdAt: at + 50 });
      const start = env
        .of('llm_request')
        .filter((e) => e.phase === 'start')
        .at(-1);
      const items = start?.request?.chatContext ?? [];
      newCopies.push(items.filter((item) => !previous.has(item)).length);
      previous = new Set(items);
    }
    const starts = env.of('llm_request').filter((e) => e.phase === 'start');
    expect(starts).toHaveLength(TURNS);
    // The inspector's payload equals the context handed to the LLM node, item by item, as it was then.
    starts.forEach((start, k) => {
      const context = sent[k] as unknown[];
      const shown = start.request?.chatContext ?? [];
      expect(shown).toEqual(context.slice(context.length - shown.length));
      expect(start.request?.omittedItems).toBe(context.length - shown.length);
    });
    // Per request: the two items added since the previous one (the first request: the system
    // prompt and the question), plus the older edited one on edit turns; never the whole history.
    expect(newCopies[0]).toBe(2);
    newCopies.slice(1).forEach((n, k) => expect(n).toBe((k + 2) % 50 === 0 ? 3 : 2));
  });
});
