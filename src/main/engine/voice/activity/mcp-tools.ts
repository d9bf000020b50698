/**
 * MCP servers of an activity (the seed's `_start_session` / `_close_session` handling of
 * `mcp_servers`): every server starts concurrently and lists its tools; one that fails is
 * reported and skipped, so a broken tool server only costs its own tools. They are closed
 * together when the activity's session part closes (pause or close), as the seed does.
 */
import { errorText } from '../../base/errors';
import type { MCPServerLike } from '../../llm/mcp';
import type { FunctionTool } from '../../llm/tool-context';

/** Where MCP problems go: failures to list are errors, skipped tools and failed closes warnings. */
export interface McpReport {
  error(err: Error): void;
  warn(message: string): void;
}

/**
 * Starts the servers that are not running yet and returns their tools, skipping any whose name
 * is in `taken` (a second tool of that name could never be called, and the duplicate would
 * make every request fail: the seed's ToolContext rejects it).
 */
export async function listMcpTools(
  servers: readonly MCPServerLike[],
  taken: Iterable<string>,
  report: McpReport,
): Promise<FunctionTool[]> {
  const settled = await Promise.allSettled(
    servers.map(async (server) => {
      if (!server.initialized) await server.initialize();
      return server.listTools();
    }),
  );
  const names = new Set(taken);
  const tools: FunctionTool[] = [];
  settled.forEach((res, i) => {
    const server = servers[i];
    if (res.status === 'rejected') {
      report.error(
        new Error(`failed to list tools from MCP server ${server.label}: ${errorText(res.reason)}`),
      );
      return;
    }
    for (const tool of res.value) {
      if (names.has(tool.name)) {
        report.warn(
          `MCP server ${server.label}: tool "${tool.name}" skipped, a tool of that name already exists`,
        );
        continue;
      }
      names.add(tool.name);
      tools.push(tool);
    }
  });
  return tools;
}

/** Closes every server concurrently; a failure is reported, never thrown. */
export async function closeMcpServers(servers: readonly MCPServerLike[], report: McpReport): Promise<void> {
  if (servers.length === 0) return;
  const settled = await Promise.allSettled(servers.map((s) => s.aclose()));
  settled.forEach((res, i) => {
    if (res.status === 'rejected')
      report.warn(`failed to close MCP server ${servers[i].label}: ${errorText(res.reason)}`);
  });
}
