/**
 * What an activity offers the LLM besides its instructions (the seed's `_mcp_tools` and
 * `_tool_choice`): the tools of its MCP servers and the tool choice set by `updateOptions`.
 * The offered list is always session tools, agent tools, MCP tools, in the seed's order; this
 * class alone changes the MCP part and the choice.
 */
import type { ToolChoice } from '../../llm/llm';
import type { MCPServerLike } from '../../llm/mcp';
import type { FunctionTool } from '../../llm/tool-context';
import { closeMcpServers, listMcpTools, type McpReport } from './mcp-tools';

export interface ToolsStateDeps {
  /** Read at each use: the session's and the agent's tools may be updated while running. */
  sessionTools(): readonly FunctionTool[];
  agentTools(): readonly FunctionTool[];
  /** The MCP servers in effect (the agent's, else the session's), null or empty for none. */
  mcpServers(): readonly MCPServerLike[] | null;
  report: McpReport;
}

export class ToolsState {
  private mcpTools: FunctionTool[] = [];
  private choice: ToolChoice | null = null;

  constructor(private readonly deps: ToolsStateDeps) {}

  /** What the LLM is offered, in the seed's order: session tools, agent tools, MCP tools. */
  get tools(): FunctionTool[] {
    return [...this.deps.sessionTools(), ...this.deps.agentTools(), ...this.mcpTools];
  }

  get toolChoice(): ToolChoice | null {
    return this.choice;
  }

  setToolChoice(choice: ToolChoice | null): void {
    this.choice = choice;
  }

  /** Starts the MCP servers and takes their tools (activity start and resume). */
  async loadMcpTools(): Promise<void> {
    const servers = this.deps.mcpServers();
    if (!servers || servers.length === 0) return;
    const taken = [...this.deps.sessionTools(), ...this.deps.agentTools()].map((t) => t.name);
    this.mcpTools = await listMcpTools(servers, taken, this.deps.report);
  }

  /** Closes the MCP servers (pause and close); their tools stay listed until the next load. */
  async closeMcpServers(): Promise<void> {
    await closeMcpServers(this.deps.mcpServers() ?? [], this.deps.report);
  }
}
