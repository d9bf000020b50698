/**
 * The engine's MCP path end to end: an AgentSession whose agent has the real stdio fixture server
 * (a child process) and one that fails to start. The child process is not on a virtual clock, so
 * this runs on the RealClock with bounded waits and asserts order and content, never durations.
 */
import { describe, expect, it } from 'vitest';
import {
  Agent,
  AgentSession,
  RealClock,
  functionTool,
  type ChatChunk,
  type ChatOptions,
  type EngineEvent,
  type LLM,
  type LLMStream,
  type MCPServerLike,
} from '../../engine';
import { ECHO_TOOL_NAMES } from '../../../../tests/fixtures/mcp/echo-tools.mjs';
import { asMcpServerLike } from './engine-adapter';
import { MCPServerStdio } from './mcp-transports';
import { echoStdio, processExists } from '../testing/mcp-test-servers';

/** Asks the server's `echo` tool to repeat the user's words, then reads its output back. */
class EchoCallingLlm implements LLM {
  readonly label = 'echo-calling';
  readonly model = 'scripted';
  readonly offered: string[][] = [];

  chat(opts: ChatOptions): LLMStream {
    this.offered.push(opts.tools.map((t) => t.name));
    const last = opts.chatCtx.items[opts.chatCtx.items.length - 1];
    const id = `req_${this.offered.length}`;
    let chunks: ChatChunk[] = [];
    if (last?.type === 'message' && last.role === 'user') {
      const args = JSON.stringify({ text: last.content });
      chunks = [{ id, delta: { toolCalls: [{ callId: 'call_1', name: 'echo', arguments: args }] } }];
    } else if (last?.type === 'function_call_output') {
      chunks = [{ id, delta: { content: `The server said: ${last.output}` } }];
    }
    return {
      requestId: id,
      async *[Symbol.asyncIterator]() {
        yield* chunks;
      },
      close: async () => undefined,
    };
  }
}

/** A bounded wait: fails the test with `what` instead of hanging. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

describe('AgentSession with MCP servers', () => {
  it('offers the stdio server tools to the LLM, runs a call through the child process, skips a server that fails and stops the child at close', async () => {
    const server = new MCPServerStdio(echoStdio({ name: 'echo' }));
    const broken = new MCPServerStdio(echoStdio({ name: 'broken', env: { ECHO_FAIL_AT_START: '1' } }));
    const servers: MCPServerLike[] = [server, broken].map(asMcpServerLike);
    const llm = new EchoCallingLlm();
    const session = new AgentSession({ clock: new RealClock(), llm });
    const events: EngineEvent[] = [];
    session.onEvent((ev) => events.push(ev));
    const local = functionTool({ name: 'local_tool', execute: async () => 'local' });
    const agent = new Agent({
      instructions: 'You relay what the echo server says.',
      tools: [local],
      mcpServers: servers,
    });

    await within(session.start({ agent }), 30_000, 'session start with MCP servers');
    expect(server.initialized).toBe(true);
    expect(broken.initialized).toBe(false);
    const pid = server.pid;
    expect(pid).not.toBeNull();
    expect(session.currentActivity!.tools.map((t) => t.name)).toEqual(['local_tool', ...ECHO_TOOL_NAMES]);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ source: 'mcp', recoverable: true });
    expect((errors[0] as { message: string }).message).toMatch(/MCP server broken.*failed to start/);

    const h = session.generateReply({ userInput: 'hello over stdio' });
    await within(h.waitForPlayout(), 15_000, 'reply with an MCP tool call');
    expect(llm.offered).toEqual([
      ['local_tool', ...ECHO_TOOL_NAMES],
      ['local_tool', ...ECHO_TOOL_NAMES],
    ]);
    const items = agent.chatCtx.items.flatMap((i) => {
      if (i.type === 'message' && i.role !== 'system') return [`${i.role}: ${i.content}`];
      if (i.type === 'function_call') return [`call ${i.name} ${i.arguments}`];
      if (i.type === 'function_call_output')
        return [`output ${i.name}: ${i.output}${i.isError ? ' (error)' : ''}`];
      return [];
    });
    expect(items).toEqual([
      'user: hello over stdio',
      'call echo {"text":"hello over stdio"}',
      'output echo: echo: hello over stdio',
      'assistant: The server said: echo: hello over stdio',
    ]);
    const executed = events.filter((e) => e.type === 'function_tools_executed');
    expect(executed).toHaveLength(1);

    await within(session.close(), 15_000, 'session close');
    expect(server.initialized).toBe(false);
    expect(server.pid).toBeNull();
    expect(processExists(pid!)).toBe(false);
    expect(session.pendingWork()).toEqual([]);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
  }, 60_000);
});
