/**
 * Starting and stopping a session's MCP servers (the seed's `_start_session` and `_close_session`
 * handling of `mcp_servers`). All servers start concurrently, and one that fails to start or to
 * list its tools is logged and skipped: a broken or absent tool server must not keep the voice
 * agent from starting, it only loses that server's tools.
 */
import { errorText, type FunctionTool } from '../../engine';
import type { Logger } from '../../log';
import type { MCPServer } from './mcp-server';
import {
  MCPServerHTTP,
  MCPServerStdio,
  type MCPServerHTTPOptions,
  type MCPServerStdioOptions,
} from './mcp-transports';

export interface McpLoadError {
  server: string;
  /** Set when a single tool was left out rather than the whole server. */
  tool?: string;
  message: string;
}

export interface McpLoadResult {
  /** Tools from every server that started, in the order of the servers. */
  tools: FunctionTool[];
  /** The servers that started and listed their tools (the session closes them). */
  servers: MCPServer[];
  errors: McpLoadError[];
}

export async function loadMcpTools(
  servers: readonly MCPServer[],
  opts: { log?: Logger } = {},
): Promise<McpLoadResult> {
  const settled = await Promise.allSettled(
    servers.map(async (server) => {
      if (!server.initialized) await server.initialize();
      return server.listToolsDetailed();
    }),
  );
  const result: McpLoadResult = { tools: [], servers: [], errors: [] };
  const owner = new Map<string, string>();
  for (let i = 0; i < servers.length; i++) {
    const server = servers[i];
    const res = settled[i];
    if (res.status === 'rejected') {
      const msg = errorText(res.reason);
      opts.log?.log('error', 'failed to list tools from MCP server', { server: server.name, error: msg });
      result.errors.push({ server: server.name, message: msg });
      // Skipped for the whole session: do not leave its process running until the session ends.
      await server.aclose().catch(() => undefined);
      continue;
    }
    result.servers.push(server);
    for (const skipped of res.value.skipped) {
      result.errors.push({ server: server.name, tool: skipped.name, message: skipped.reason });
    }
    for (const tool of res.value.tools) {
      const first = owner.get(tool.name);
      if (first !== undefined) {
        // The LLM calls tools by name: a second tool of the same name could never be reached.
        const msg = `duplicate tool name "${tool.name}" (already provided by MCP server ${first}); skipped`;
        opts.log?.log('warn', 'MCP tool skipped', { server: server.name, tool: tool.name, reason: msg });
        result.errors.push({ server: server.name, tool: tool.name, message: msg });
        continue;
      }
      owner.set(tool.name, server.name);
      result.tools.push(tool);
    }
  }
  opts.log?.log('info', 'MCP tools loaded', {
    servers: result.servers.map((s) => s.name),
    tools: result.tools.map((t) => t.name),
    failed: result.errors.filter((e) => e.tool === undefined).length,
  });
  return result;
}

/** Closes every server concurrently; failures are logged, never thrown (session shutdown). */
export async function closeMcpServers(
  servers: readonly MCPServer[],
  opts: { log?: Logger } = {},
): Promise<void> {
  const settled = await Promise.allSettled(servers.map((s) => s.aclose()));
  settled.forEach((r, i) => {
    if (r.status === 'rejected') {
      opts.log?.log('warn', 'failed to close MCP server', {
        server: servers[i].name,
        error: errorText(r.reason),
      });
    }
  });
}

/** A server description as plain data, e.g. from a configuration file. */
export type McpServerSpec =
  ({ type: 'stdio' } & MCPServerStdioOptions) | ({ type: 'http' } & MCPServerHTTPOptions);

export function createMcpServer(spec: McpServerSpec, log?: Logger): MCPServer {
  const { type, ...opts } = spec;
  return type === 'stdio'
    ? new MCPServerStdio({ log, ...opts } as MCPServerStdioOptions)
    : new MCPServerHTTP({ log, ...opts } as MCPServerHTTPOptions);
}
