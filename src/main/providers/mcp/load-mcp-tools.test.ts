import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionTool } from '../../engine/llm/tool-context';
import { createMemoryLogger } from '../../log';
import { startHttpEchoServer, type HttpEchoServer } from '../../../../tests/fixtures/mcp/http-server';
import { closeMcpServers, createMcpServer, loadMcpTools } from './load-mcp-tools';
import { MCPServer, type ListedTools } from './mcp-server';
import { MCPServerHTTP, MCPServerStdio } from './mcp-transports';
import { echoStdio, processExists } from '../testing/mcp-test-servers';

/** A server without a transport, to observe scheduling and failures deterministically. */
class ScriptedServer extends MCPServer {
  started = 0;
  private gate: Promise<void>;
  release!: () => void;
  private ready = false;

  constructor(
    readonly label: string,
    private readonly behaviour: { failInit?: string; failClose?: string; tools?: string[] } = {},
  ) {
    super({ name: label });
    this.gate = new Promise((r) => (this.release = r));
  }

  describe(): string {
    return this.label;
  }

  override get initialized(): boolean {
    return this.ready;
  }

  override async initialize(): Promise<void> {
    this.started += 1;
    await this.gate;
    if (this.behaviour.failInit) throw new Error(this.behaviour.failInit);
    this.ready = true;
  }

  override async listToolsDetailed(): Promise<ListedTools> {
    const tools = (this.behaviour.tools ?? []).map((name) => functionTool({ name, execute: () => name }));
    return { tools, skipped: [] };
  }

  override async aclose(): Promise<void> {
    this.ready = false;
    if (this.behaviour.failClose) throw new Error(this.behaviour.failClose);
  }

  protected createTransport(): Transport {
    throw new Error('not used');
  }
}

describe('loadMcpTools', () => {
  let http: HttpEchoServer;

  beforeAll(async () => {
    http = await startHttpEchoServer();
  });

  afterAll(async () => {
    await http.close();
  });

  it('loads the tools of the servers that start, logs and skips the one that does not, and closes them after', async () => {
    const log = createMemoryLogger();
    const stdio = new MCPServerStdio(echoStdio({ allowedTools: ['echo'] }));
    const missing = new MCPServerStdio({ command: '/nonexistent/bin/weather-mcp', name: 'weather' });
    const remote = new MCPServerHTTP({ url: http.url, allowedTools: ['add', 'fail'] });
    const res = await loadMcpTools([stdio, missing, remote], { log });

    expect(res.tools.map((t) => t.name)).toEqual(['echo', 'add', 'fail']);
    expect(res.servers).toEqual([stdio, remote]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].server).toBe('weather');
    expect(res.errors[0].message).toMatch(/^MCP server weather failed to start: .*not found/);
    const logged = log.records.find((r) => r.level === 'error');
    expect(logged).toMatchObject({ msg: 'failed to list tools from MCP server', server: 'weather' });
    expect(missing.initialized).toBe(false);

    // The loaded tools work through their servers.
    expect(await res.tools[0].execute({ text: 'a' }, undefined as never)).toBe('echo: a');
    expect(await res.tools[1].execute({ a: 1, b: 2 }, undefined as never)).toBe('3');

    const pid = stdio.pid as number;
    expect(processExists(pid)).toBe(true);
    expect(http.openSessions()).toHaveLength(1);
    await closeMcpServers(res.servers, { log });
    expect(processExists(pid)).toBe(false);
    expect(http.openSessions()).toEqual([]);
    expect(stdio.initialized || remote.initialized).toBe(false);
  });

  it('keeps the first of two tools with the same name and reports the other', async () => {
    const log = createMemoryLogger();
    const a = new ScriptedServer('a', { tools: ['lookup', 'book'] });
    const b = new ScriptedServer('b', { tools: ['lookup', 'cancel'] });
    a.release();
    b.release();
    const res = await loadMcpTools([a, b], { log });
    expect(res.tools.map((t) => t.name)).toEqual(['lookup', 'book', 'cancel']);
    expect(await res.tools[0].execute({}, undefined as never)).toBe('lookup');
    expect(res.servers).toEqual([a, b]);
    expect(res.errors).toEqual([
      {
        server: 'b',
        tool: 'lookup',
        message: 'duplicate tool name "lookup" (already provided by MCP server a); skipped',
      },
    ]);
    expect(log.records.some((r) => r.level === 'warn' && r.tool === 'lookup')).toBe(true);
  });

  it('starts all servers concurrently, as the seed gathers them', async () => {
    const slow = new ScriptedServer('slow', { tools: ['x'] });
    const fast = new ScriptedServer('fast', { tools: ['y'], failInit: 'bad credentials' });
    const loading = loadMcpTools([slow, fast]);
    await new Promise((r) => setImmediate(r));
    // Both were started before either finished.
    expect([slow.started, fast.started]).toEqual([1, 1]);
    fast.release();
    slow.release();
    const res = await loading;
    expect(res.tools.map((t) => t.name)).toEqual(['x']);
    expect(res.errors).toEqual([{ server: 'fast', message: 'bad credentials' }]);
  });

  it('an empty list loads nothing', async () => {
    expect(await loadMcpTools([])).toEqual({ tools: [], servers: [], errors: [] });
  });
});

describe('closeMcpServers', () => {
  it('closes every server and logs, never throws, a failure', async () => {
    const log = createMemoryLogger();
    const ok = new ScriptedServer('ok');
    const broken = new ScriptedServer('broken', { failClose: 'socket hang up' });
    ok.release();
    broken.release();
    await ok.initialize();
    await broken.initialize();
    await expect(closeMcpServers([broken, ok], { log })).resolves.toBeUndefined();
    expect(ok.initialized).toBe(false);
    expect(log.records).toEqual([
      { level: 'warn', msg: 'failed to close MCP server', server: 'broken', error: 'socket hang up' },
    ]);
  });
});

describe('createMcpServer', () => {
  it('builds the server a plain description asks for', () => {
    const s = createMcpServer({ type: 'stdio', command: 'node', args: ['server.js'], timeoutMs: 1234 });
    expect(s).toBeInstanceOf(MCPServerStdio);
    expect(s.name).toBe('stdio: node server.js');
    expect(s.timeoutMs).toBe(1234);
    const h = createMcpServer({ type: 'http', url: 'https://tools.example.com/mcp', name: 'tools' });
    expect(h).toBeInstanceOf(MCPServerHTTP);
    expect(h.name).toBe('tools');
    expect(h.toolTimeoutMs).toBe(5000);
  });
});
