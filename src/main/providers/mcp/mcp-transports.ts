/**
 * The two ways the studio reaches an MCP server: a local child process speaking over stdio, and
 * a remote server over streamable HTTP (upstream MCPServerStdio / MCPServerHTTP; the deprecated
 * SSE transport is left out).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { MCPServer, type MCPServerOptions } from './mcp-server';

/** The SDK escalates stdin close → SIGTERM → SIGKILL over about 4 s; wait a little longer. */
const EXIT_WAIT_MS = 6000;
const STDERR_TAIL_CHARS = 2000;

export interface MCPServerStdioOptions extends MCPServerOptions {
  command: string;
  args?: string[];
  /** Added to the SDK's small default environment (PATH, HOME, …): secrets are not inherited. */
  env?: Record<string, string>;
  cwd?: string;
}

export class MCPServerStdio extends MCPServer {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>> | undefined;
  readonly cwd: string | undefined;
  private childPid: number | null = null;
  private exited: Promise<void> | null = null;
  private stderrTail = '';

  constructor(opts: MCPServerStdioOptions) {
    super(opts);
    if (!opts.command) throw new Error('MCP stdio server: command is required');
    this.command = opts.command;
    this.args = [...(opts.args ?? [])];
    this.env = opts.env ? { ...opts.env } : undefined;
    this.cwd = opts.cwd;
  }

  describe(): string {
    return `stdio: ${[this.command, ...this.args].join(' ')}`;
  }

  /** The server process while it runs; null before initialize and after aclose. */
  get pid(): number | null {
    return this.childPid;
  }

  protected createTransport(): Transport {
    const transport = new StdioClientTransport({
      command: this.command,
      args: [...this.args],
      ...(this.env ? { env: { ...this.env } } : {}),
      ...(this.cwd ? { cwd: this.cwd } : {}),
      // Piped, not inherited: a server's chatter belongs in the studio's log, not on its stderr.
      stderr: 'pipe',
    });
    this.stderrTail = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      for (const line of text.split('\n')) {
        if (line.trim())
          this.log?.log('debug', 'MCP server stderr', { server: this.name, line: line.slice(0, 500) });
      }
    });
    // Set before connect: the SDK chains its own handler after this one.
    this.exited = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
    });
    const start = transport.start.bind(transport);
    transport.start = async () => {
      await start();
      this.childPid = transport.pid;
    };
    return transport;
  }

  /** Returns only once the child has exited, so a closed session leaves no process behind. */
  protected override async afterClose(): Promise<void> {
    const exited = this.exited;
    const hadChild = this.childPid !== null;
    this.exited = null;
    this.childPid = null;
    if (!exited || !hadChild) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, EXIT_WAIT_MS);
      timer.unref();
    });
    await Promise.race([exited, limit]);
    clearTimeout(timer);
  }

  protected override explainFailure(err: unknown): string {
    const base = err instanceof Error ? err.message : String(err);
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const hint = code === 'ENOENT' ? ` (command "${this.command}" not found)` : '';
    const tail = this.stderrTail.trim();
    return `${base}${hint}${tail ? ` — stderr: ${tail.slice(-500)}` : ''}`;
  }
}

export interface MCPServerHTTPOptions extends MCPServerOptions {
  /** The server's MCP endpoint, e.g. https://example.com/mcp */
  url: string;
  /** Sent with every request (e.g. Authorization); never logged. */
  headers?: Record<string, string>;
}

export class MCPServerHTTP extends MCPServer {
  readonly url: URL;
  private readonly headers: Record<string, string>;
  private transport: StreamableHTTPClientTransport | null = null;

  constructor(opts: MCPServerHTTPOptions) {
    super(opts);
    try {
      this.url = new URL(opts.url);
    } catch {
      throw new Error(`MCP HTTP server: invalid url ${JSON.stringify(opts.url)}`);
    }
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new Error(`MCP HTTP server: url must be http(s), got ${this.url.protocol}`);
    }
    this.headers = { ...(opts.headers ?? {}) };
  }

  /** Origin and path only: query strings and headers often carry tokens. */
  describe(): string {
    return `http: ${this.url.origin}${this.url.pathname}`;
  }

  protected createTransport(): Transport {
    this.transport = new StreamableHTTPClientTransport(this.url, {
      requestInit: { headers: { ...this.headers } },
    });
    return this.transport;
  }

  /** Tells the server the session is over (DELETE), so it can free it at once. */
  protected override async beforeClose(_client: Client): Promise<void> {
    const transport = this.transport;
    this.transport = null;
    if (!transport?.sessionId) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs);
      timer.unref();
    });
    // A server that does not support ending sessions answers 405; that is not an error here.
    await Promise.race([transport.terminateSession().catch(() => undefined), limit]);
    clearTimeout(timer);
  }
}
