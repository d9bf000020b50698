/**
 * From configuration to what the engine runs: an `McpServerConfig` (shared/config.ts) becomes a
 * server spec with its secrets filled in from the key store, and an MCPServer is seen through
 * the engine's MCPServerLike (the engine names a server `label`, the provider `name`).
 */
import type { MCPServerLike } from '../../engine';
import type { McpServerConfig } from '../../../shared/config';
import type { Logger } from '../../log';
import { createMcpServer, type McpServerSpec } from './load-mcp-tools';
import type { MCPServer } from './mcp-server';

/** The engine's view of a provider server; every call goes to the server itself. */
export function asMcpServerLike(server: MCPServer): MCPServerLike {
  return {
    get label() {
      return server.name;
    },
    get initialized() {
      return server.initialized;
    },
    initialize: () => server.initialize(),
    listTools: () => server.listTools(),
    aclose: () => server.aclose(),
  };
}

/**
 * A config entry as a server spec. `readKey` reads the key store; a missing key is an error
 * naming the config field (`path` is where the entry sits, e.g. `mcpServers[0]`).
 */
export function mcpSpecFromConfig(
  config: McpServerConfig,
  readKey: (name: string) => string | undefined,
  path = 'mcpServers',
): McpServerSpec {
  const fill = (values: Record<string, string>, keyNames: Record<string, string>, field: string) => {
    const out = { ...values };
    for (const [entry, keyName] of Object.entries(keyNames)) {
      const value = readKey(keyName);
      if (value === undefined) {
        throw new Error(
          `${path}.${field}.${entry}: key "${keyName}" is not in the key store (studio keys set ${keyName})`,
        );
      }
      out[entry] = value;
    }
    return out;
  };
  const common = {
    ...(config.name !== undefined ? { name: config.name } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.toolTimeoutMs !== undefined ? { toolTimeoutMs: config.toolTimeoutMs } : {}),
    ...(config.allowedTools !== undefined ? { allowedTools: config.allowedTools } : {}),
  };
  // Main's launch review replaces a reference with the user's server before any session is built.
  if (config.type === 'trusted')
    throw new Error(`${path}.server: the trusted MCP server "${config.server}" was not resolved`);
  if (config.type === 'stdio') {
    const env = fill(config.env, config.envKeyNames, 'envKeyNames');
    return {
      type: 'stdio',
      command: config.command,
      args: [...config.args],
      ...(Object.keys(env).length > 0 ? { env } : {}),
      ...(config.cwd !== undefined ? { cwd: config.cwd } : {}),
      ...common,
    };
  }
  return {
    type: 'http',
    url: config.url,
    headers: fill(config.headers, config.headerKeyNames, 'headerKeyNames'),
    ...common,
  };
}

/** Config entry → a server the engine can run (not started yet). */
export function createEngineMcpServer(
  config: McpServerConfig,
  readKey: (name: string) => string | undefined,
  opts: { path?: string; log?: Logger } = {},
): MCPServerLike {
  return asMcpServerLike(createMcpServer(mcpSpecFromConfig(config, readKey, opts.path), opts.log));
}
