/**
 * The activity's MCP servers (the seed's `_start_session` / `_close_session` handling of
 * `mcp_servers`): every server starts concurrently and lists its tools; one that fails is
 * reported and skipped, so a broken tool server only costs its own tools. They are closed
 * together when the activity's session part closes (pause or close), as the seed does.
 */
import type { MCPServerLike } from '../../llm/mcp';
import type { FunctionTool } from '../../llm/tool-context';
import type { AgentActivity } from './activity';
import { errorText } from '../../base/errors';

/** Starts the servers that are not running yet and sets `act.mcpTools` to their tools. */
export async function loadActivityMcpTools(act: AgentActivity): Promise<void> {
  const servers = act.mcpServers;
  if (!servers || servers.length === 0) return;
  const settled = await Promise.allSettled(
    servers.map(async (server) => {
      if (!server.initialized) await server.initialize();
      return server.listTools();
    }),
  );
  // Names the LLM already knows: a second tool of the same name could never be called, and a
  // duplicate would make every request fail (the seed's ToolContext rejects it); skip it instead.
  const taken = new Set([...act.session.tools, ...act.agent.toolsValue].map((t) => t.name));
  const tools: FunctionTool[] = [];
  settled.forEach((res, i) => {
    const server = servers[i];
    if (res.status === 'rejected') {
      act.reportError(
        'mcp',
        new Error(`failed to list tools from MCP server ${server.label}: ${errorText(res.reason)}`),
      );
      return;
    }
    for (const tool of res.value) {
      if (taken.has(tool.name)) {
        act.warn(
          'mcp',
          `MCP server ${server.label}: tool "${tool.name}" skipped, a tool of that name already exists`,
        );
        continue;
      }
      taken.add(tool.name);
      tools.push(tool);
    }
  });
  act.mcpTools = tools;
}

/** Closes every server concurrently; a failure is reported, never thrown. */
export async function closeActivityMcpServers(act: AgentActivity): Promise<void> {
  const servers: readonly MCPServerLike[] = act.mcpServers ?? [];
  if (servers.length === 0) return;
  const settled = await Promise.allSettled(servers.map((s) => s.aclose()));
  settled.forEach((res, i) => {
    if (res.status === 'rejected')
      act.warn('mcp', `failed to close MCP server ${servers[i].label}: ${errorText(res.reason)}`);
  });
}
