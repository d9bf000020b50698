// Why: an LLM request's payload reuses the copies of items earlier requests carried; these tests
// pin that a copy is reused only while its item is unchanged, so events always show the item as sent.
import { describe, expect, it } from 'vitest';
import { PAYLOAD_ITEM_LIMIT, PAYLOAD_TEXT_LIMIT, type ChatItemData } from '../../../../shared/engine-events';
import { ChatContext } from '../../llm/chat-context';
import { boundChatItems } from './payload-items';

function history(n: number): ChatContext {
  const ctx = new ChatContext();
  for (let i = 0; i < n; i++)
    ctx.addMessage({ role: i % 2 ? 'assistant' : 'user', content: `m${i}`, createdAt: i });
  return ctx;
}

describe('payload item copies', () => {
  it('are made once per item: a longer history costs only its new items', () => {
    const ctx = history(3 * PAYLOAD_ITEM_LIMIT);
    const first = boundChatItems(ctx.items).items;
    ctx.addMessage({ role: 'user', content: 'new', createdAt: 10_000 });
    const second = boundChatItems(ctx.items).items;
    expect(second).toHaveLength(PAYLOAD_ITEM_LIMIT);
    const reused = second.filter((item) => first.includes(item));
    expect(reused).toHaveLength(PAYLOAD_ITEM_LIMIT - 1);
    expect(second.at(-1)).toEqual(ctx.items.at(-1));
    expect(second.at(-1)).not.toBe(ctx.items.at(-1));
  });

  it('are frozen plain data equal to the live items', () => {
    const ctx = history(3);
    ctx.insert({ type: 'agent_config_update', id: 'u', toolsAdded: ['a'], toolsRemoved: null, createdAt: 5 });
    const { items } = boundChatItems(ctx.items);
    expect(items).toEqual(ctx.items);
    for (const item of items) expect(Object.isFrozen(item)).toBe(true);
    const update = items.at(-1);
    if (update?.type !== 'agent_config_update') throw new Error('expected the update last');
    expect(Object.isFrozen(update.toolsAdded)).toBe(true);
  });

  it('are made again when an item is edited in place, at the top or nested, and the old copy stays as sent', () => {
    const ctx = history(4);
    const msg = ctx.items[1];
    if (msg.type !== 'message') throw new Error('expected a message');
    const before = boundChatItems(ctx.items).items;

    msg.metrics = { e2eLatencyMs: 10 };
    const withMetrics = boundChatItems(ctx.items).items;
    expect(withMetrics[1]).toEqual(msg);
    expect(before[1]).not.toHaveProperty('metrics');
    expect(withMetrics[0]).toBe(before[0]);

    msg.metrics.e2eLatencyMs = 20;
    const nested = boundChatItems(ctx.items).items;
    expect(nested[1]).toMatchObject({ metrics: { e2eLatencyMs: 20 } });
    expect(withMetrics[1]).toMatchObject({ metrics: { e2eLatencyMs: 10 } });

    msg.transcriptConfidence = undefined;
    expect(boundChatItems(ctx.items).items[1]).toHaveProperty('transcriptConfidence', undefined);
    msg.interrupted = true;
    expect(boundChatItems(ctx.items).items[1]).toMatchObject({ interrupted: true });
    delete msg.metrics;
    expect(boundChatItems(ctx.items).items[1]).not.toHaveProperty('metrics');
    expect(boundChatItems(ctx.items).items[1]).toEqual(msg);
  });

  it('cut long texts once and see an edit past the cut', () => {
    const ctx = new ChatContext();
    const out: ChatItemData = {
      type: 'function_call_output',
      id: 'o',
      callId: 'c',
      name: 'dump',
      output: 'y'.repeat(PAYLOAD_TEXT_LIMIT + 10),
      isError: false,
      createdAt: 1,
    };
    ctx.insert(out);
    const first = boundChatItems(ctx.items).items[0];
    expect(boundChatItems(ctx.items).items[0]).toBe(first);
    expect(first).toMatchObject({ output: expect.stringContaining('10 more characters]') });
    out.output += 'zz';
    expect(boundChatItems(ctx.items).items[0]).toMatchObject({
      output: expect.stringContaining('12 more characters]'),
    });
  });
});
