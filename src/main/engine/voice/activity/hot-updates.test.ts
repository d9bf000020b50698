import { describe, expect, it } from 'vitest';
import { ChatContext } from '../../llm/chat-context';
import { functionTool } from '../../llm/tool-context';
import { Agent } from '../agent';
import type { SessionOptionsInput } from '../../../../shared/config';
import { VirtualClock } from '../../base/virtual-clock';
import { AgentSession } from '../agent-session';
import { makeRig } from '../../testing/session-rig';

const tool = (name: string) => functionTool({ name, execute: async () => `${name} ok` });

describe('hot updates', () => {
  it('updateInstructions replaces the system message, is recorded as agent_config_update and reaches the next request', async () => {
    const rig = makeRig();
    const agent = new Agent({ instructions: 'old' });
    await rig.start(agent);
    await rig.run(100);
    await agent.updateInstructions('You are terse.');
    const h = rig.session.generateReply({ userInput: 'hi' });
    await rig.settle(h.waitForPlayout());
    expect(rig.llm.requests[0].instructions).toBe('You are terse.');
    const updates = agent.chatCtx.items.filter((i) => i.type === 'agent_config_update');
    expect(updates).toMatchObject([
      { instructions: 'old', toolsAdded: null },
      { instructions: 'You are terse.' },
    ]);
    expect(agent.chatCtx.items.filter((i) => i.type === 'message' && i.role === 'system')).toHaveLength(1);
    expect(rig.of('config_updated')).toMatchObject([{ field: 'instructions', value: 'You are terse.' }]);
    await rig.close();
  });

  it('updateTools records the diff and drops calls of removed tools from the context', async () => {
    const rig = makeRig();
    const agent = new Agent({ instructions: 'x', tools: [tool('a'), tool('b')] });
    rig.llm.on('go', { toolCalls: [{ name: 'a', arguments: {} }] });
    await rig.start(agent);
    const h = rig.session.generateReply({ userInput: 'go' });
    await rig.settle(h.waitForPlayout());
    expect(agent.chatCtx.items.some((i) => i.type === 'function_call' && i.name === 'a')).toBe(true);

    await agent.updateTools([tool('b'), tool('c')]);
    expect(agent.tools.map((t) => t.name)).toEqual(['b', 'c']);
    const updates = agent.chatCtx.items.filter((i) => i.type === 'agent_config_update');
    expect(updates[updates.length - 1]).toMatchObject({ toolsAdded: ['c'], toolsRemoved: ['a'] });
    expect(
      agent.chatCtx.items.some((i) => i.type === 'function_call' || i.type === 'function_call_output'),
    ).toBe(false);
    expect(rig.of('config_updated').map((e) => e.field)).toEqual(['tools']);
    const h2 = rig.session.generateReply({ userInput: 'again' });
    await rig.settle(h2.waitForPlayout());
    expect(rig.llm.requests[rig.llm.requests.length - 1].tools).toEqual(['b', 'c']);
    await rig.close();
  });

  it('updateChatCtx replaces the history the LLM sees and keeps the instructions', async () => {
    const rig = makeRig();
    const agent = new Agent({ instructions: 'keep me' });
    await rig.start(agent);
    await rig.run(100);
    const ctx = new ChatContext();
    ctx.addMessage({ role: 'user', content: 'earlier question', createdAt: 1 });
    ctx.addMessage({ role: 'assistant', content: 'earlier answer', createdAt: 2 });
    await agent.updateChatCtx(ctx);
    const h = rig.session.generateReply({ userInput: 'now' });
    await rig.settle(h.waitForPlayout());
    expect(rig.llm.requests[0].messages).toEqual([
      'system:keep me',
      'user:earlier question',
      'assistant:earlier answer',
      'user:now',
    ]);
    expect(rig.of('config_updated').map((e) => e.field)).toEqual(['chatCtx']);
    await rig.close();
  });

  it('session.updateOptions validates, emits config_updated and moves the end of turn', async () => {
    const rig = makeRig({ speeches: [{ startMs: 500, endMs: 1500, transcript: 'hello' }] });
    await rig.start(new Agent({ instructions: 'x' }));
    expect(() => rig.session.updateOptions({ minEndpointingDelayMs: -1 })).toThrow(
      'invalid session options: minEndpointingDelayMs: Too small: expected number to be >=0',
    );
    expect(() => rig.session.updateOptions({ minEndpointingDelayMs: 7000 })).toThrow(
      'invalid session options: maxEndpointingDelayMs: maxEndpointingDelayMs must be >= minEndpointingDelayMs',
    );
    expect(rig.of('config_updated')).toEqual([]); // a refused update changes nothing
    rig.session.updateOptions({ minEndpointingDelayMs: 800, maxEndpointingDelayMs: 6000 });
    expect(rig.of('config_updated').map((e) => [e.field, e.value])).toEqual([['minEndpointingDelayMs', 800]]);
    expect(rig.session.options.minEndpointingDelayMs).toBe(800);
    await rig.run(4000);
    // VAD end of speech at 2000 is not enough any more: the turn ends 800 ms after 1500
    expect(rig.of('speech_created').map((e) => Math.round(e.t))).toEqual([2300]);
    await rig.close();
  });

  it('a bad option value at construction names the field and what was expected', () => {
    const make = (options: unknown) => () =>
      new AgentSession({ clock: new VirtualClock(), options: options as SessionOptionsInput });
    expect(make({ turnDetection: 'push' })).toThrow(
      /^invalid session options: turnDetection: Invalid option: expected one of "vad"\|"stt"\|"manual"\|"realtime_llm"/,
    );
    expect(make({ maxToolSteps: 0.5, bogus: 1 })).toThrow(
      'invalid session options: maxToolSteps: Invalid input: expected int, received number; (root): Unrecognized key: "bogus"',
    );
  });
});
