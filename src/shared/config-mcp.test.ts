import { describe, expect, it } from 'vitest';
import { formatIssues, StudioConfigSchema } from './config';

function issues(input: unknown): string[] {
  const r = StudioConfigSchema.safeParse(input);
  if (r.success) throw new Error('expected the config to be rejected');
  return formatIssues(r.error);
}

describe('MCP servers in the config schema', () => {
  it('defaults to none; accepts stdio and http servers for the session and per agent', () => {
    const none = StudioConfigSchema.parse({});
    expect(none.mcpServers).toEqual([]);
    expect(none.agent.mcpServers).toBeUndefined();
    const cfg = StudioConfigSchema.parse({
      mcpServers: [
        { type: 'stdio', command: 'npx', args: ['-y', 'some-mcp-server'], env: { LOG_LEVEL: 'debug' } },
      ],
      agent: {
        mcpServers: [
          { type: 'http', url: 'https://example.com/mcp', headerKeyNames: { Authorization: 'MCP_TOKEN' } },
        ],
      },
      agents: { billing: { mcpServers: [] } },
    });
    expect(cfg.mcpServers).toEqual([
      {
        type: 'stdio',
        command: 'npx',
        args: ['-y', 'some-mcp-server'],
        env: { LOG_LEVEL: 'debug' },
        envKeyNames: {},
      },
    ]);
    expect(cfg.agent.mcpServers).toEqual([
      {
        type: 'http',
        url: 'https://example.com/mcp',
        headers: {},
        headerKeyNames: { Authorization: 'MCP_TOKEN' },
      },
    ]);
    expect(cfg.agents.billing.mcpServers).toEqual([]);
  });

  it('names the field and what was expected for a bad entry', () => {
    expect(issues({ mcpServers: [{ type: 'stdio', command: '' }] })).toEqual([
      'mcpServers[0].command: the command that starts the server, e.g. "npx"',
    ]);
    expect(issues({ agent: { mcpServers: [{ type: 'http', url: 'ftp://x.example/mcp' }] } })).toEqual([
      'agent.mcpServers[0].url: expected an http:// or https:// URL',
    ]);
    expect(issues({ mcpServers: [{ type: 'http', url: 'not a url' }] })[0]).toMatch(
      /^mcpServers\[0\]\.url: expected a URL/,
    );
    expect(issues({ mcpServers: [{ type: 'ws', url: 'wss://x' }] })[0]).toMatch(
      /^mcpServers\[0\]\.type: .*'stdio' \| 'http'/,
    );
    expect(issues({ mcpServers: [{ type: 'stdio', command: 'x', env: { 'BAD NAME': '1' } }] })[0]).toMatch(
      /^mcpServers\[0\]\.env.*environment variable name/,
    );
    expect(issues({ mcpServers: [{ type: 'stdio', command: 'x', timeoutMs: 0 }] })[0]).toMatch(
      /^mcpServers\[0\]\.timeoutMs: Too small/,
    );
    expect(issues({ mcpServers: [{ type: 'stdio', command: 'x', url: 'https://x' }] })[0]).toMatch(
      /^mcpServers\[0\]: Unrecognized key: "url"/,
    );
  });
});
