import { describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../shared/config';
import type { EngineEventInput } from '../engine/event-bus';
import { mcpServersFromConfig } from './session-providers';

describe('mcpServersFromConfig', () => {
  it('builds the configured servers and skips an entry whose key is missing, with a warning', () => {
    const config = StudioConfigSchema.parse({
      mcpServers: [
        { type: 'stdio', command: 'node', args: ['server.js'], name: 'local-tools' },
        { type: 'http', url: 'http://127.0.0.1:9/mcp', headerKeyNames: { Authorization: 'MCP_TOKEN' } },
      ],
    });
    const events: EngineEventInput[] = [];
    const servers = mcpServersFromConfig(config, { get: () => undefined }, { emit: (ev) => events.push(ev) });
    expect(servers.map((s) => s.label)).toEqual(['local-tools']);
    expect(servers[0].initialized).toBe(false);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'warning', source: 'mcp' });
    expect((events[0] as { message: string }).message).toContain(
      'mcpServers[1].headerKeyNames.Authorization',
    );
  });

  it('fills secrets from the key store without putting them in the config', () => {
    const config = StudioConfigSchema.parse({
      mcpServers: [
        { type: 'http', url: 'http://127.0.0.1:9/mcp', headerKeyNames: { Authorization: 'MCP_TOKEN' } },
      ],
    });
    const servers = mcpServersFromConfig(
      config,
      { get: (n) => (n === 'MCP_TOKEN' ? 'Bearer x' : undefined) },
      { emit: () => undefined },
    );
    expect(servers).toHaveLength(1);
    expect(JSON.stringify(config)).not.toContain('Bearer x');
  });
});
