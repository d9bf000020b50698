import { describe, expect, it } from 'vitest';
import type { Clock } from '../../base/clock';
import type { ChatItem } from '../../llm/chat-context';
import { functionTool, StopResponse, ToolError, type FunctionTool } from '../../llm/tool-context';
import { Agent, type AgentInit } from '../agent';
import { makeRig } from '../../testing/session-rig';

const summary = (items: ChatItem[]) =>
  items.map((i) => {
    if (i.type === 'message') return `${i.role}:${i.content}`;
    if (i.type === 'function_call') return `call:${i.name}`;
    if (i.type === 'function_call_output')
      return `output:${i.name}=${i.output}${i.isError ? ' (error)' : ''}`;
    return i.type;
  });

function sleepyTool(
  clock: Clock,
  name: string,
  ms: number,
  starts: Array<[string, number]>,
  result: unknown = `${name} done`,
): FunctionTool {
  return functionTool({
    name,
    parameters: { type: 'object', properties: {} },
    execute: async (_args, ctx) => {
      starts.push([name, Math.round(clock.now())]);
      await clock.sleep(ms, ctx.signal);
      return result;
    },
  });
}

describe('tools', () => {
  it('runs parallel calls, commits calls and outputs, and answers with tool choice auto', async () => {
    const rig = makeRig();
    const starts: Array<[string, number]> = [];
    const agent = new Agent({
      instructions: 'x',
      tools: [sleepyTool(rig.clock, 'a', 500, starts), sleepyTool(rig.clock, 'b', 700, starts)],
    });
    rig.llm.on('go', {
      toolCalls: [
        { name: 'a', arguments: {} },
        { name: 'b', arguments: {} },
      ],
      durationMs: 300,
    });
    rig.llm.on('b done', { content: 'Both done.' });
    await rig.start(agent);
    const h = rig.session.generateReply({ userInput: 'go' });
    await rig.settle(h.waitForPlayout());
    expect(starts).toEqual([
      ['a', 300],
      ['b', 300],
    ]);
    const executed = rig.of('function_tools_executed');
    expect(executed).toHaveLength(1);
    expect(executed[0].functionCalls.map((c) => c.name)).toEqual(['a', 'b']);
    expect(rig.llm.requests.map((r) => [r.key, r.toolChoice])).toEqual([
      ['go', null],
      ['b done', 'auto'],
    ]);
    expect(summary(agent.chatCtx.items).slice(2)).toEqual([
      'user:go',
      'call:a',
      'call:b',
      'output:a=a done',
      'output:b=b done',
      'assistant:Both done.',
    ]);
    expect(h.numSteps).toBe(2);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('turns unknown tools, invalid arguments and tool failures into error outputs; the session goes on', async () => {
    const rig = makeRig();
    const agent = new Agent({
      instructions: 'x',
      tools: [
        functionTool({
          name: 'lookup',
          parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          execute: async () => 'found',
        }),
        functionTool({ name: 'fails', execute: async () => Promise.reject(new ToolError('no service')) }),
        functionTool({ name: 'crashes', execute: async () => Promise.reject(new Error('null pointer')) }),
      ],
    });
    rig.llm.on('go', {
      toolCalls: [
        { name: 'nope', arguments: {}, callId: 'c1' },
        { name: 'lookup', arguments: '{"id": 5', callId: 'c2' },
        { name: 'fails', arguments: {}, callId: 'c3' },
        { name: 'crashes', arguments: {}, callId: 'c4' },
      ],
    });
    await rig.start(agent);
    const h = rig.session.generateReply({ userInput: 'go' });
    await rig.settle(h.waitForPlayout());
    const outputs = agent.chatCtx.items.filter((i) => i.type === 'function_call_output');
    const byName = Object.fromEntries(outputs.map((o) => [o.name, o]));
    expect(byName.nope).toMatchObject({ output: 'Unknown function: nope', isError: true });
    expect(byName.lookup).toMatchObject({ isError: true });
    expect(byName.fails).toMatchObject({ output: 'no service', isError: true });
    expect(byName.crashes).toMatchObject({ output: 'An internal error occurred', isError: true });
    expect(rig.of('warning').some((w) => w.message.includes('nope'))).toBe(true);
    // the error outputs are sent back to the LLM
    expect(rig.llm.requests).toHaveLength(2);
    expect(rig.session.agentState).toBe('listening');
    await rig.close();
  });

  it('stops after maxToolSteps rounds', async () => {
    const rig = makeRig({ options: { maxToolSteps: 2 } });
    const starts: Array<[string, number]> = [];
    const agent = new Agent({
      instructions: 'x',
      tools: [sleepyTool(rig.clock, 'again', 0, starts, 'more')],
    });
    rig.llm.on('go', { toolCalls: [{ name: 'again', arguments: {} }] });
    rig.llm.on('more', { toolCalls: [{ name: 'again', arguments: {} }] });
    await rig.start(agent);
    const h = rig.session.generateReply({ userInput: 'go' });
    await rig.settle(h.waitForPlayout());
    expect(rig.llm.requests).toHaveLength(3);
    expect(starts).toHaveLength(3);
    expect(rig.of('function_tools_executed')).toHaveLength(2);
    expect(rig.of('warning').some((w) => w.message.includes('maximum number of function calls steps'))).toBe(
      true,
    );
    await rig.close();
  });

  it('a tool returning nothing or raising StopResponse asks for no reply', async () => {
    const rig = makeRig();
    const agent = new Agent({
      instructions: 'x',
      tools: [
        functionTool({ name: 'quiet', execute: async () => undefined }),
        functionTool({ name: 'stop', execute: async () => Promise.reject(new StopResponse()) }),
      ],
    });
    rig.llm.on('go', {
      toolCalls: [
        { name: 'quiet', arguments: {} },
        { name: 'stop', arguments: {} },
      ],
    });
    await rig.start(agent);
    const h = rig.session.generateReply({ userInput: 'go' });
    await rig.settle(h.waitForPlayout());
    expect(rig.llm.requests).toHaveLength(1);
    expect(rig.of('function_tools_executed')[0].functionCallOutputs.map((o) => o?.name ?? null)).toEqual([
      'quiet',
      null,
    ]);
    expect(summary(agent.chatCtx.items).slice(2)).toEqual(['user:go', 'call:quiet', 'output:quiet=']);
    await rig.close();
  });

  it('generateReply from inside a tool defaults to tool choice none; onEnter replies hide IGNORE_ON_ENTER tools', async () => {
    const rig = makeRig();
    const nested: Array<string | undefined> = [];
    class Greeter extends Agent {
      override async onEnter(): Promise<void> {
        this.session.generateReply({ instructions: 'greet' });
      }
    }
    const agent = new Greeter({
      instructions: 'x',
      tools: [
        functionTool({ name: 'secret', flags: { ignoreOnEnter: true }, execute: async () => 'ok' }),
        functionTool({
          name: 'announce',
          execute: async (_args, ctx) => {
            const h = ctx.session.generateReply({ instructions: 'announce it' });
            nested.push(h.id);
            await h.waitForPlayout();
            return undefined;
          },
        }),
      ],
    });
    rig.llm.on('go', { toolCalls: [{ name: 'announce', arguments: {} }] });
    await rig.start(agent);
    await rig.run(1000);
    const h = rig.session.generateReply({ userInput: 'go' });
    await rig.settle(h.waitForPlayout());
    expect(rig.llm.requests.map((r) => [r.key, r.tools, r.toolChoice])).toEqual([
      ['greet', ['announce'], null],
      ['go', ['announce', 'secret'], null],
      // keyed by the last user message (the call is committed later), but asked with choice none
      ['go', ['announce', 'secret'], 'none'],
    ]);
    expect(nested).toHaveLength(1);
    await rig.close();
  });
});

describe('handoff', () => {
  class Tracked extends Agent {
    constructor(
      init: AgentInit,
      private readonly log: string[],
      private readonly greeting?: string,
    ) {
      super(init);
    }
    override async onEnter(): Promise<void> {
      this.log.push(`enter:${this.id}`);
      if (this.greeting) this.session.say(this.greeting);
    }
    override async onExit(): Promise<void> {
      this.log.push(`exit:${this.id}`);
    }
  }

  it('a tool returning an agent hands over: old drains (tool reply with choice none), on_exit, then the new on_enter', async () => {
    const rig = makeRig();
    const log: string[] = [];
    const billing = new Tracked({ id: 'billing', instructions: 'billing' }, log, 'Billing here.');
    const front = new Tracked(
      {
        id: 'front',
        instructions: 'front',
        tools: [
          functionTool({
            name: 'transfer',
            execute: async () => ({ agent: billing, output: 'transferring' }),
          }),
        ],
      },
      log,
    );
    rig.llm.on('bill me', { toolCalls: [{ name: 'transfer', arguments: {} }] });
    rig.llm.on('transferring', { content: 'One moment.' });
    rig.tts.on('One moment.', { audioDurationMs: 500 }).on('Billing here.', { audioDurationMs: 500 });
    await rig.start(front);
    rig.session.generateReply({ userInput: 'bill me' });
    await rig.run(5000);

    expect(log).toEqual(['enter:front', 'exit:front', 'enter:billing']);
    expect(rig.session.currentAgent).toBe(billing);
    expect(rig.llm.requests.map((r) => [r.key, r.toolChoice])).toEqual([
      ['bill me', null],
      ['transferring', 'none'],
    ]);
    expect(rig.of('agent_handoff').map((e) => [e.oldAgentId, e.newAgentId])).toEqual([
      [null, 'front'],
      ['front', 'billing'],
    ]);
    expect(summary(rig.session.history.items)).toEqual([
      'agent_handoff',
      'user:bill me',
      'call:transfer',
      'output:transfer=transferring',
      'assistant:One moment.',
      'agent_handoff',
      'assistant:Billing here.',
    ]);
    expect(front.activity).toBeNull();
    expect(billing.activity).not.toBeNull();
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });
});
