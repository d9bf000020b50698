/**
 * A connection to one MCP server (port of upstream llm/mcp.py's MCPServer). The server's tools
 * are offered to the LLM as engine FunctionTools whose `execute` forwards the call to the server.
 * Subclasses only say how to reach the server (a child process over stdio, or streamable HTTP);
 * the MCP session itself is the official SDK's Client.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { functionTool, type FunctionTool, ToolError, ToolSchemaError } from '../../engine';
import type { Logger } from '../../log';
import { toParameters, toolOutput, type CallResult } from './tool-result';

export const DEFAULT_MCP_TIMEOUT_MS = 5000;

export interface MCPServerOptions {
  /** Shown in logs and errors; defaults to a description of the transport. */
  name?: string;
  /** Limit for the handshake and for listing tools (upstream client_session_timeout_seconds). */
  timeoutMs?: number;
  /** Limit for one tool call; defaults to `timeoutMs`. */
  toolTimeoutMs?: number;
  /** Only these tools are offered to the LLM (upstream allowed_tools). */
  allowedTools?: readonly string[];
  log?: Logger;
}

/** A tool the server offers that cannot be offered to the LLM, and why. */
export interface SkippedTool {
  name: string;
  reason: string;
}

export interface ListedTools {
  tools: FunctionTool[];
  skipped: SkippedTool[];
}

const CLIENT_INFO = { name: 'voice-agent-studio', version: '0.1.0' };

export abstract class MCPServer {
  readonly timeoutMs: number;
  readonly toolTimeoutMs: number;
  protected readonly log: Logger | undefined;
  private readonly allowed: ReadonlySet<string> | null;
  private readonly explicitName: string | undefined;
  private client: Client | null = null;
  private cache: ListedTools | null = null;

  constructor(opts: MCPServerOptions = {}) {
    this.timeoutMs = positiveMs(opts.timeoutMs ?? DEFAULT_MCP_TIMEOUT_MS, 'timeoutMs');
    this.toolTimeoutMs = positiveMs(opts.toolTimeoutMs ?? this.timeoutMs, 'toolTimeoutMs');
    this.allowed = opts.allowedTools ? new Set(opts.allowedTools) : null;
    this.explicitName = opts.name;
    this.log = opts.log;
  }

  /** How the server is reached, e.g. `stdio: node server.js`. */
  abstract describe(): string;

  get name(): string {
    return this.explicitName ?? this.describe();
  }

  get initialized(): boolean {
    return this.client !== null;
  }

  /** The server's tool list changed; the next listTools asks it again. */
  invalidateCache(): void {
    this.cache = null;
  }

  /** Starts the server or connects to it and runs the MCP handshake; closes again on failure. */
  async initialize(): Promise<void> {
    if (this.client) return;
    const client = new Client(CLIENT_INFO);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.invalidateCache());
    try {
      await client.connect(this.createTransport(), { timeout: this.timeoutMs });
    } catch (err) {
      await client.close().catch(() => undefined);
      await this.afterClose();
      throw new Error(`MCP server ${this.name} failed to start: ${this.explainFailure(err)}`);
    }
    this.client = client;
  }

  /** The server's tools as FunctionTools (cached until the server says its list changed). */
  async listTools(): Promise<FunctionTool[]> {
    return (await this.listToolsDetailed()).tools;
  }

  /** Like listTools, with the tools that had to be left out (invalid schema, not allowed). */
  async listToolsDetailed(): Promise<ListedTools> {
    const client = this.client;
    if (!client) throw new Error(`MCP server ${this.name} isn't initialized`);
    if (this.cache) return this.cache;
    const listed: ListedTools = { tools: [], skipped: [] };
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.timeoutMs });
      for (const t of page.tools) {
        if (this.allowed && !this.allowed.has(t.name)) continue;
        try {
          listed.tools.push(this.makeTool(t.name, t.description, t.inputSchema));
        } catch (err) {
          const reason = err instanceof ToolSchemaError ? err.message : String(err);
          listed.skipped.push({ name: t.name, reason });
          this.log?.log('warn', 'MCP tool skipped', { server: this.name, tool: t.name, reason });
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    this.cache = listed;
    return listed;
  }

  /** Ends the session (for stdio: the child process exits). Safe to call more than once. */
  async aclose(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.cache = null;
    try {
      if (client) {
        await this.beforeClose(client);
        await client.close();
      }
    } finally {
      await this.afterClose();
    }
  }

  protected abstract createTransport(): Transport;

  /** Lets a transport end its session politely before the connection goes. */
  protected async beforeClose(_client: Client): Promise<void> {}

  /** Runs after every close, including a failed start. */
  protected async afterClose(): Promise<void> {}

  /** Adds what the transport knows (a child's stderr) to a start failure. */
  protected explainFailure(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
  }

  private makeTool(
    name: string,
    description: string | undefined,
    inputSchema: Record<string, unknown>,
  ): FunctionTool {
    return functionTool({
      name,
      description: description ?? '',
      parameters: toParameters(inputSchema),
      execute: async (args, ctx) => {
        const client = this.client;
        // The session may have closed between offering the tool and the LLM calling it.
        if (!client) {
          throw new ToolError(
            'Tool invocation failed: internal service is unavailable. Please check that the MCPServer is still running.',
          );
        }
        // Tests and scripted callers may run a tool without a RunContext.
        const signal: AbortSignal | undefined = (ctx as typeof ctx | undefined)?.signal;
        let result: CallResult;
        try {
          result = await client.callTool({ name, arguments: args }, undefined, {
            timeout: this.toolTimeoutMs,
            ...(signal ? { signal } : {}),
          });
        } catch (err) {
          throw new Error(
            `MCP server ${this.name}: tool "${name}" failed: ${err instanceof Error ? err.message : String(err)}`,
            {
              cause: err,
            },
          );
        }
        return toolOutput(name, result);
      },
    });
  }
}

function positiveMs(v: number, what: string): number {
  if (!(Number.isFinite(v) && v > 0))
    throw new RangeError(`${what} must be a positive number of ms (got ${v})`);
  return v;
}
