/**
 * ToolsState alone, on the virtual clock: the offered tools keep the seed's order (session,
 * agent, MCP), MCP tools with a taken name or from a failing server are skipped and reported,
 * and the tool choice is only what was set.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../base/clock';
import { VirtualClock } from '../../base/virtual-clock';
import type { MCPServerLike } from '../../llm/mcp';
import { functionTool, type FunctionTool } from '../../llm/tool-context';
import { ToolsState } from './tools-state';

const tool = (name: string): FunctionTool =>
  functionTool({ name, description: name, execute: async () => name });

/** A server that starts after 100 ms of virtual time, or fails to. */
class Server implements MCPServerLike {
  initialized = false;
  readonly calls: string[] = [];

  constructor(
    private readonly clock: Clock,
    readonly label: string,
    private readonly tools: FunctionTool[],
    private readonly failWith?: string,
  ) {}

  async initialize(): Promise<void> {
    this.calls.push('initialize');
    await this.clock.sleep(100);
    if (this.failWith) throw new Error(this.failWith);
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

function makeState(servers: MCPServerLike[] | null) {
  const reports: string[] = [];
  const agentTools = [tool('lookup')];
  const state = new ToolsState({
    sessionTools: () => [tool('hang_up')],
    agentTools: () => agentTools,
    mcpServers: () => servers,
    report: { error: (e) => reports.push(`error:${e.message}`), warn: (m) => reports.push(`warn:${m}`) },
  });
  return { state, reports, agentTools };
}

describe('ToolsState', () => {
  it('offers session, agent then MCP tools; skips a taken name and a failing server, reporting both', async () => {
    const clock = new VirtualClock();
    const good = new Server(clock, 'good', [tool('lookup'), tool('weather')]);
    const bad = new Server(clock, 'bad', [tool('never')], 'refused');
    const { state, reports, agentTools } = makeState([good, bad]);
    const loading = state.loadMcpTools();
    await clock.advance(100);
    await loading;
    expect(state.tools.map((t) => t.name)).toEqual(['hang_up', 'lookup', 'weather']);
    expect(reports).toEqual([
      'warn:MCP server good: tool "lookup" skipped, a tool of that name already exists',
      'error:failed to list tools from MCP server bad: refused',
    ]);
    // agent tools are read at each use
    agentTools.push(tool('book'));
    expect(state.tools.map((t) => t.name)).toEqual(['hang_up', 'lookup', 'book', 'weather']);
    await state.closeMcpServers();
    expect(good.calls).toEqual(['initialize', 'listTools', 'aclose']);
  });

  it('without MCP servers nothing is loaded or closed; the tool choice is what was set', async () => {
    const { state, reports } = makeState(null);
    await state.loadMcpTools();
    await state.closeMcpServers();
    expect(state.tools.map((t) => t.name)).toEqual(['hang_up', 'lookup']);
    expect(state.toolChoice).toBeNull();
    state.setToolChoice('none');
    expect(state.toolChoice).toBe('none');
    state.setToolChoice(null);
    expect(state.toolChoice).toBeNull();
    expect(reports).toEqual([]);
  });
});
