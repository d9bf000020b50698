/**
 * MCPServer against the real fixture servers (tests/fixtures/mcp): the stdio one as a child
 * process, the streamable HTTP one in this process on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ToolError,
  ToolContext,
  prepareFunctionArguments,
  toToolDefinitions,
  type FunctionTool,
  type RunContext,
} from '../../engine/llm/tool-context';
import { ECHO_TOOL_NAMES } from '../../../../tests/fixtures/mcp/echo-tools.mjs';
import { startHttpEchoServer, type HttpEchoServer } from '../../../../tests/fixtures/mcp/http-server';
import { MCPServerHTTP, MCPServerStdio } from './mcp-transports';
import { echoStdio, processExists, silentServer } from '../testing/mcp-test-servers';

// A tool call outside a session: only the signal of the RunContext is read.
function ctx(signal?: AbortSignal): RunContext {
  return { signal } as unknown as RunContext;
}

function byName(tools: FunctionTool[], name: string): FunctionTool {
  const t = tools.find((x) => x.name === name);
  if (!t) throw new Error(`no tool ${name}`);
  return t;
}

describe('MCPServerStdio', () => {
  let server: MCPServerStdio;
  let tools: FunctionTool[];

  beforeAll(async () => {
    server = new MCPServerStdio(echoStdio({ toolTimeoutMs: 1000 }));
    await server.initialize();
    tools = await server.listTools();
  });

  afterAll(async () => {
    await server.aclose();
  });

  it('lists the server tools as FunctionTools with the server schema', () => {
    expect(server.initialized).toBe(true);
    expect(tools.map((t) => t.name)).toEqual([...ECHO_TOOL_NAMES]);
    const defs = toToolDefinitions(tools);
    expect(defs.find((d) => d.name === 'echo')).toEqual({
      name: 'echo',
      description: 'Repeats the text back.',
      parameters: {
        type: 'object',
        properties: { text: { type: 'string', description: 'What to repeat' } },
        required: ['text'],
      },
    });
    expect(byName(tools, 'multi').parameters).toEqual({ type: 'object', properties: {} });
    // The engine validates the LLM's arguments against that schema before a call.
    const add = byName(tools, 'add');
    expect(
      prepareFunctionArguments({ toolName: 'add', parameters: add.parameters, jsonArguments: '{"a": 2}' }),
    ).toEqual({ a: 2 });
    expect(() =>
      prepareFunctionArguments({
        toolName: 'add',
        parameters: add.parameters,
        jsonArguments: '{"a": "two"}',
      }),
    ).toThrow(/a: must be number/);
    // And a tool context accepts them like local tools.
    expect(new ToolContext(tools).getFunctionTool('echo')).toBe(byName(tools, 'echo'));
  });

  it('caches the list until invalidated', async () => {
    const again = await server.listTools();
    expect(again[0]).toBe(tools[0]);
    server.invalidateCache();
    const fresh = await server.listTools();
    expect(fresh[0]).not.toBe(tools[0]);
    expect(fresh.map((t) => t.name)).toEqual(tools.map((t) => t.name));
  });

  it('routes a call to the server and returns the text content', async () => {
    expect(await byName(tools, 'echo').execute({ text: 'hello over stdio' }, ctx())).toBe(
      'echo: hello over stdio',
    );
    expect(await byName(tools, 'add').execute({ a: 2, b: 3.5 }, ctx())).toBe('5.5');
    expect(await byName(tools, 'multi').execute({}, ctx())).toBe('first part\nsecond part');
    expect(JSON.parse((await byName(tools, 'pixel').execute({}, ctx())) as string)).toEqual({
      type: 'image',
      data: 'iVBORw0KGgo=',
      mimeType: 'image/png',
    });
  });

  it('an isError result becomes a ToolError with the server message', async () => {
    const err: unknown = await byName(tools, 'fail')
      .execute({ message: 'the city is unknown' }, ctx())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect((err as Error).message).toBe('the city is unknown');
    await expect(byName(tools, 'nothing').execute({}, ctx())).rejects.toThrow(
      /completed without producing a result/,
    );
  });

  it('a call slower than toolTimeoutMs fails with a timeout, and the server keeps working', async () => {
    const slow = byName(tools, 'slow');
    await expect(slow.execute({ delayMs: 3000 }, ctx())).rejects.toThrow(
      /MCP server stdio: .* tool "slow" failed: .*timed out/i,
    );
    expect(await slow.execute({ delayMs: 1 }, ctx())).toBe('waited 1 ms');
  });

  it('a cancelled tool execution stops waiting for the server', async () => {
    const ctrl = new AbortController();
    // The server would answer after a minute: only the cancellation can end the call within the
    // test's own timeout, and it must end it with the cancellation's reason.
    const call = byName(tools, 'slow').execute({ delayMs: 60_000 }, ctx(ctrl.signal));
    setTimeout(() => ctrl.abort(new Error('session closed')), 50);
    await expect(call).rejects.toThrow(/session closed/);
  });
});

describe('MCPServerStdio lifecycle', () => {
  it('aclose ends the child process; its tools then report the server unavailable', async () => {
    const server = new MCPServerStdio(echoStdio());
    await server.initialize();
    const [echo] = await server.listTools();
    const pid = server.pid;
    expect(pid).toBeGreaterThan(0);
    expect(processExists(pid as number)).toBe(true);
    await server.aclose();
    expect(server.initialized).toBe(false);
    expect(server.pid).toBeNull();
    expect(processExists(pid as number)).toBe(false);
    await expect(echo.execute({ text: 'x' }, ctx())).rejects.toThrow(ToolError);
    await expect(echo.execute({ text: 'x' }, ctx())).rejects.toThrow(/internal service is unavailable/);
    await expect(server.listTools()).rejects.toThrow(/isn't initialized/);
    await server.aclose(); // twice is fine
  });

  it('a command that does not exist fails to start with a clear message', async () => {
    const server = new MCPServerStdio({ command: '/nonexistent/mcp-server', args: ['--x'] });
    await expect(server.initialize()).rejects.toThrow(
      'MCP server stdio: /nonexistent/mcp-server --x failed to start: spawn /nonexistent/mcp-server ENOENT (command "/nonexistent/mcp-server" not found)',
    );
    expect(server.initialized).toBe(false);
  });

  it('a server that dies at start is reported with its stderr', async () => {
    const server = new MCPServerStdio(echoStdio({ env: { ECHO_FAIL_AT_START: '1' } }));
    await expect(server.initialize()).rejects.toThrow(
      /failed to start: .*stderr: echo-server: refusing to start/,
    );
  });

  it('a server that never answers times out after timeoutMs and is killed', async () => {
    const silent = silentServer(1500);
    const server = new MCPServerStdio({ ...silent.opts, name: 'silent' });
    await expect(server.initialize()).rejects.toThrow(/MCP server silent failed to start: .*timed out/i);
    expect(processExists(silent.pid())).toBe(false);
  });

  it('only offers allowed tools', async () => {
    const server = new MCPServerStdio(echoStdio({ allowedTools: ['add', 'echo', 'not-on-server'] }));
    try {
      await server.initialize();
      expect((await server.listTools()).map((t) => t.name)).toEqual(['echo', 'add']);
    } finally {
      await server.aclose();
    }
  });

  it('rejects bad options', () => {
    expect(() => new MCPServerStdio({ command: '' })).toThrow(/command is required/);
    expect(() => new MCPServerStdio({ command: 'x', timeoutMs: 0 })).toThrow(/timeoutMs must be a positive/);
    expect(() => new MCPServerHTTP({ url: 'not a url' })).toThrow(/invalid url/);
    expect(() => new MCPServerHTTP({ url: 'file:///etc/passwd' })).toThrow(/must be http/);
  });
});

describe('MCPServerHTTP', () => {
  let http: HttpEchoServer;

  beforeAll(async () => {
    http = await startHttpEchoServer();
  });

  afterAll(async () => {
    await http.close();
  });

  it('lists tools, round-trips calls and error results over streamable HTTP, then ends its session', async () => {
    const server = new MCPServerHTTP({
      url: `${http.url}?token=secret`,
      headers: { Authorization: 'Bearer t0k' },
    });
    expect(server.name).toBe(`http: ${http.url}`);
    await server.initialize();
    expect(http.openSessions()).toHaveLength(1);
    const tools = await server.listTools();
    expect(tools.map((t) => t.name)).toEqual([...ECHO_TOOL_NAMES]);
    expect(byName(tools, 'add').parameters).toEqual({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a'],
    });
    expect(await byName(tools, 'echo').execute({ text: 'over http' }, ctx())).toBe('echo: over http');
    await expect(byName(tools, 'fail').execute({ message: 'denied' }, ctx())).rejects.toThrow(
      new ToolError('denied'),
    );
    expect(http.requestHeaders.every((h) => h.authorization === 'Bearer t0k')).toBe(true);
    await server.aclose();
    expect(http.openSessions()).toEqual([]);
  });

  it('a server that is not listening fails to start quickly', async () => {
    const dead = await startHttpEchoServer();
    const url = dead.url;
    await dead.close();
    // A minute's start limit: failing within the test's timeout means the refusal was seen, not
    // the limit waited out.
    const server = new MCPServerHTTP({ url, timeoutMs: 60_000 });
    await expect(server.initialize()).rejects.toThrow(/^MCP server http: .* failed to start: /);
  });
});
