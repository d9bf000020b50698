import { describe, expect, it } from 'vitest';
import { ChatContext } from '../../llm/chat-context';
import { INSTRUCTIONS_MESSAGE_ID, removeInstructions, updateInstructions } from './instructions';

describe('instructions message', () => {
  it('adds the message at the front only when asked, and replaces it in place later', () => {
    const ctx = new ChatContext();
    ctx.addMessage({ role: 'user', content: 'hi', createdAt: 10 });
    updateInstructions(ctx, { instructions: 'be brief', addIfMissing: false });
    expect(ctx.items).toHaveLength(1);

    updateInstructions(ctx, { instructions: 'be brief', addIfMissing: true });
    expect(ctx.items[0]).toMatchObject({
      id: INSTRUCTIONS_MESSAGE_ID,
      role: 'system',
      content: 'be brief',
      createdAt: 0,
    });
    const before = ctx.items[0];
    const copy = ctx.copy();

    updateInstructions(ctx, { instructions: 'be kind', addIfMissing: true });
    expect(ctx.items).toHaveLength(2);
    expect(ctx.items[0]).toMatchObject({ content: 'be kind', createdAt: 0 });
    expect(ctx.items[0]).not.toBe(before);
    expect(copy.items[0]).toMatchObject({ content: 'be brief' });
  });

  it('refuses an id taken by something that is not a message, and removes every copy', () => {
    const ctx = new ChatContext([
      { type: 'agent_handoff', id: INSTRUCTIONS_MESSAGE_ID, oldAgentId: null, newAgentId: 'a', createdAt: 0 },
    ]);
    expect(() => updateInstructions(ctx, { instructions: 'x', addIfMissing: true })).toThrow(
      /type 'message'/,
    );

    const two = new ChatContext();
    updateInstructions(two, { instructions: 'a', addIfMissing: true });
    two.items.push({ ...two.items[0] });
    two.addMessage({ role: 'user', content: 'u', createdAt: 5 });
    removeInstructions(two);
    expect(two.items.map((i) => i.type === 'message' && i.role)).toEqual(['user']);
  });
});
