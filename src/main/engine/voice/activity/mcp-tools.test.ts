import { describe, expect, it } from 'vitest';
import type { Clock } from '../../base/clock';
import { AgentSession } from '../agent-session';
import type { MCPServerLike } from '../../llm/mcp';
import { functionTool, type FunctionTool } from '../../llm/tool-context';
import { Agent } from '../agent';
import { ScriptedAudioOutput, ScriptedLLM, ScriptedTTS } from '../../testing';
import { VirtualClock } from '../../base/virtual-clock';
import type { EngineEvent } from '../../../../shared/engine-events';

/** An MCP server on the virtual clock: starts after `startMs`, or fails with `failWith`. */
class FakeMcpServer implements MCPServerLike {
  initialized = false;
  readonly calls: string[] = [];

  constructor(
    private readonly clock: Clock,
    readonly label: string,
    private readonly tools: FunctionTool[],
    private readonly opts: { startMs?: number; failWith?: string } = {},
  ) {}

  async initialize(): Promise<void> {
    this.calls.push(`initialize@${Math.round(this.clock.now())}`);
    await this.clock.sleep(this.opts.startMs ?? 100);
    if (this.opts.failWith) throw new Error(this.opts.failWith);
    this.initialized = true;
  }

  async listTools(): Promise<FunctionTool[]> {
    this.calls.push('listTools');
    return this.tools;
  }

  async aclose(): Promise<void> {
    this.calls.push('aclose');
    this.initialized = false;
  }
}

const tool = (name: string, result = `${name} ran`): FunctionTool =>
  functionTool({ name, description: name, execute: async () => result });

function makeSession(init: { tools?: FunctionTool[]; mcpServers?: MCPServerLike[] } = {}) {
  const clock = new VirtualClock();
  const llm = new ScriptedLLM({ clock, label: 'fake-llm', idPrefix: 'chat_' });
  const tts = new ScriptedTTS({ clock, label: 'fake-tts' });
  const output = new ScriptedAudioOutput(clock);
  const session = new AgentSession({ clock, llm, tts, ...init });
  const events: EngineEvent[] = [];
  session.onEvent((ev) => events.push(ev));
  const settle = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    const q = p.finally(() => (done = true));
    await clock.runUntilDone(() => done, 60_000);
    return q;
  };
  return { clock, llm, tts, output, session, events, settle };
}

describe('MCP servers', () => {
  it('start concurrently; their tools are offered after the session and agent tools; a failing one is skipped with an error event; all close with the session', async () => {
    const rig = makeSession({ tools: [tool('session_tool')] });
    const good = new FakeMcpServer(rig.clock, 'stdio: good', [tool('mcp_echo', 'echo: hi')], {
      startMs: 300,
    });
    const bad = new FakeMcpServer(rig.clock, 'stdio: broken', [tool('never')], {
      startMs: 200,
      failWith: 'exited with code 2',
    });
    const agent = new Agent({ instructions: 'x', tools: [tool('agent_tool')], mcpServers: [good, bad] });
    rig.llm.on('go', { toolCalls: [{ name: 'mcp_echo', arguments: {} }] });
    rig.llm.on('echo: hi', { content: 'Done.' });

    await rig.settle(rig.session.start({ agent, audioOutput: rig.output }));
    // concurrently: both were asked to start at once
    expect(good.calls.slice(0, 2)).toEqual(['initialize@0', 'listTools']);
    expect(bad.calls).toEqual(['initialize@0']);
    const act = rig.session.currentActivity!;
    expect(act.tools.map((t) => t.name)).toEqual(['session_tool', 'agent_tool', 'mcp_echo']);
    const errors = rig.events.filter((e) => e.type === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        source: 'mcp',
        recoverable: true,
        message: 'failed to list tools from MCP server stdio: broken: exited with code 2',
      }),
    ]);

    const h = rig.session.generateReply({ userInput: 'go' });
    await rig.settle(h.waitForPlayout());
    expect(rig.llm.requests.map((r) => r.tools)).toEqual([
      ['agent_tool', 'mcp_echo', 'session_tool'],
      ['agent_tool', 'mcp_echo', 'session_tool'],
    ]);
    const outputs = agent.chatCtx.items.filter((i) => i.type === 'function_call_output');
    expect(outputs).toMatchObject([{ name: 'mcp_echo', output: 'echo: hi', isError: false }]);
    expect(rig.session.agentState).toBe('listening');

    await rig.settle(rig.session.close());
    expect(good.calls.at(-1)).toBe('aclose');
    expect(bad.calls.at(-1)).toBe('aclose'); // the seed closes every configured server
    expect(rig.session.pendingWork()).toEqual([]);
    expect(rig.clock.pendingTimerCount()).toBe(0);
  });

  it("the agent's servers replace the session's; an agent with null has none; a server already started is not started again", async () => {
    const rig = makeSession();
    const shared = new FakeMcpServer(rig.clock, 'shared', [tool('shared_tool')]);
    const own = new FakeMcpServer(rig.clock, 'own', [tool('own_tool')]);
    own.initialized = true;
    const session = new AgentSession({ clock: rig.clock, llm: rig.llm, mcpServers: [shared] });
    const withOwn = new Agent({ instructions: 'x', mcpServers: [own] });
    await rig.settle(session.start({ agent: withOwn }));
    expect(session.currentActivity!.tools.map((t) => t.name)).toEqual(['own_tool']);
    expect(own.calls).toEqual(['listTools']);
    expect(shared.calls).toEqual([]);
    await rig.settle(session.close());

    const none = new Agent({ instructions: 'x', mcpServers: null });
    await rig.settle(session.start({ agent: none }));
    expect(session.currentActivity!.tools).toEqual([]);
    await rig.settle(session.close());

    const inherits = new Agent({ instructions: 'x' });
    await rig.settle(session.start({ agent: inherits }));
    expect(session.currentActivity!.tools.map((t) => t.name)).toEqual(['shared_tool']);
    await rig.settle(session.close());
    expect(shared.calls.map((c) => c.replace(/@\d+$/, ''))).toEqual(['initialize', 'listTools', 'aclose']);
  });

  it('skips an MCP tool whose name another tool already has, with a warning', async () => {
    const rig = makeSession();
    const a = new FakeMcpServer(rig.clock, 'a', [tool('lookup'), tool('dup')]);
    const b = new FakeMcpServer(rig.clock, 'b', [tool('lookup', 'from b')]);
    const agent = new Agent({ instructions: 'x', tools: [tool('dup')], mcpServers: [a, b] });
    await rig.settle(rig.session.start({ agent }));
    expect(rig.session.currentActivity!.tools.map((t) => t.name)).toEqual(['dup', 'lookup']);
    const warnings = rig.events.flatMap((e) =>
      e.type === 'warning' && e.source === 'mcp' ? [e.message] : [],
    );
    expect(warnings).toEqual([
      'MCP server a: tool "dup" skipped, a tool of that name already exists',
      'MCP server b: tool "lookup" skipped, a tool of that name already exists',
    ]);
    await rig.settle(rig.session.close());
  });
});
