/** MCP tools: servers over stdio or streamable HTTP whose tools become engine FunctionTools. */
export { MCPServer, DEFAULT_MCP_TIMEOUT_MS } from './mcp-server';
export type { MCPServerOptions, ListedTools, SkippedTool } from './mcp-server';
export { MCPServerStdio, MCPServerHTTP } from './mcp-transports';
export type { MCPServerStdioOptions, MCPServerHTTPOptions } from './mcp-transports';
export { loadMcpTools, closeMcpServers, createMcpServer } from './load-mcp-tools';
export type { McpLoadResult, McpLoadError, McpServerSpec } from './load-mcp-tools';
export { toolOutput, toParameters } from './tool-result';
export { asMcpServerLike, mcpSpecFromConfig, createEngineMcpServer } from './engine-adapter';
