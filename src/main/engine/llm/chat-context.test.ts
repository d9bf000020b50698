import { describe, expect, it } from 'vitest';
import { ChatContext, type ChatItem } from './chat-context';

const msg = (
  id: string,
  role: 'system' | 'user' | 'assistant',
  content: string,
  createdAt: number,
): ChatItem => ({
  type: 'message',
  id,
  role,
  content,
  interrupted: false,
  createdAt,
});
const fc = (id: string, createdAt: number): ChatItem => ({
  type: 'function_call',
  id,
  callId: id,
  name: 'f',
  arguments: '{}',
  createdAt,
});
const fco = (id: string, createdAt: number): ChatItem => ({
  type: 'function_call_output',
  id,
  callId: id,
  name: 'f',
  output: 'ok',
  isError: false,
  createdAt,
});

describe('ChatContext additions', () => {
  it('finds the insertion index after items of the same instant', () => {
    const ctx = new ChatContext([
      msg('a', 'user', 'a', 1),
      msg('b', 'user', 'b', 2),
      msg('c', 'user', 'c', 2),
    ]);
    expect(ctx.findInsertionIndex(0)).toBe(0);
    expect(ctx.findInsertionIndex(2)).toBe(3);
    expect(ctx.findInsertionIndex(1.5)).toBe(1);
  });

  it('truncates to the last items without a leading tool item and keeps the instructions', () => {
    const ctx = new ChatContext([
      msg('sys', 'system', 'rules', 0),
      msg('u1', 'user', 'q', 1),
      fc('c1', 2),
      fco('o1', 3),
      msg('a1', 'assistant', 'r', 4),
    ]);
    expect(ctx.truncate(3).items.map((i) => i.id)).toEqual(['sys', 'a1']);
    const small = new ChatContext([msg('u', 'user', 'x', 1)]);
    expect(small.truncate(5).items).toHaveLength(1);
  });

  it('merges new items by time and skips ids already present', () => {
    const a = new ChatContext([msg('u1', 'user', 'q', 1), msg('a1', 'assistant', 'r', 3)]);
    const b = new ChatContext([msg('sys', 'system', 's', 0), msg('u1', 'user', 'q', 1), fc('c1', 2)]);
    a.merge(b, { excludeInstructions: true });
    expect(a.items.map((i) => i.id)).toEqual(['u1', 'c1', 'a1']);
    a.merge(b, { excludeFunctionCall: true });
    expect(a.items.map((i) => i.id)).toEqual(['sys', 'u1', 'c1', 'a1']);
  });

  it('copies the list, not the items, as upstream', () => {
    const a = new ChatContext([msg('u1', 'user', 'q', 1)]);
    const b = a.copy();
    b.addMessage({ role: 'assistant', content: 'a', createdAt: 2 });
    expect(a.items).toHaveLength(1);
    expect(b.items).toHaveLength(2);
    expect(b.items[0]).toBe(a.items[0]);
    expect(a.copy({ excludeInstructions: true }).items).toHaveLength(1);
  });

  it('compares essential payloads only', () => {
    const a = new ChatContext([msg('u1', 'user', 'q', 1), fc('c1', 2), fco('o1', 3)]);
    const b = new ChatContext(a.toData().map((i) => ({ ...i, createdAt: i.createdAt + 100 })));
    expect(a.isEquivalent(b)).toBe(true);
    const c = new ChatContext(a.toData());
    (c.items[0] as { content: string }).content = 'other';
    expect(a.isEquivalent(c)).toBe(false);
    const d = new ChatContext(a.toData());
    (d.items[2] as { isError: boolean }).isError = true;
    expect(a.isEquivalent(d)).toBe(false);
    expect(a.isEquivalent(new ChatContext(a.items.slice(0, 2)))).toBe(false);
    expect(a.messages().map((m) => m.id)).toEqual(['u1']);
  });
});
