import { describe, expect, it } from 'vitest';
import { McpServerConfigSchema } from '../../../shared/config';
import { asMcpServerLike, createEngineMcpServer, mcpSpecFromConfig } from './engine-adapter';
import { MCPServerHTTP, MCPServerStdio } from './mcp-transports';

const keys: Record<string, string> = { MCP_TOKEN: 'Bearer secret', DB_PASSWORD: 'hunter2' };
const readKey = (name: string) => keys[name];

describe('MCP config to engine servers', () => {
  it('fills env and headers from the key store and keeps the limits', () => {
    const stdio = McpServerConfigSchema.parse({
      type: 'stdio',
      command: 'node',
      args: ['server.js'],
      env: { MODE: 'test' },
      envKeyNames: { DB_PASSWORD: 'DB_PASSWORD' },
      cwd: '/tmp',
      timeoutMs: 2000,
      allowedTools: ['lookup'],
    });
    expect(mcpSpecFromConfig(stdio, readKey)).toEqual({
      type: 'stdio',
      command: 'node',
      args: ['server.js'],
      env: { MODE: 'test', DB_PASSWORD: 'hunter2' },
      cwd: '/tmp',
      timeoutMs: 2000,
      allowedTools: ['lookup'],
    });
    const http = McpServerConfigSchema.parse({
      type: 'http',
      url: 'https://x.example/mcp',
      headerKeyNames: { Authorization: 'MCP_TOKEN' },
    });
    expect(mcpSpecFromConfig(http, readKey)).toEqual({
      type: 'http',
      url: 'https://x.example/mcp',
      headers: { Authorization: 'Bearer secret' },
    });
  });

  it('names the field of a key missing from the key store', () => {
    const http = McpServerConfigSchema.parse({
      type: 'http',
      url: 'https://x.example/mcp',
      headerKeyNames: { Authorization: 'NOPE' },
    });
    expect(() => mcpSpecFromConfig(http, readKey, 'agent.mcpServers[1]')).toThrow(
      'agent.mcpServers[1].headerKeyNames.Authorization: key "NOPE" is not in the key store (studio keys set NOPE)',
    );
  });

  it('shows a provider server to the engine under its name, delegating every call', async () => {
    const server = new MCPServerStdio({ command: 'node', args: ['x.js'], name: 'local tools' });
    const like = asMcpServerLike(server);
    expect(like.label).toBe('local tools');
    expect(like.initialized).toBe(false);
    await like.aclose(); // safe on a server that never started
    const made = createEngineMcpServer(
      McpServerConfigSchema.parse({ type: 'http', url: 'http://127.0.0.1:1/mcp' }),
      readKey,
    );
    expect(made.label).toBe(new MCPServerHTTP({ url: 'http://127.0.0.1:1/mcp' }).name);
  });
});
