import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioConfigSchema, type StudioConfigInput } from '../../shared/config';
import { webTrust } from './web-trust';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-web-trust-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const config = (input: StudioConfigInput) => StudioConfigSchema.parse(input);
const noKeys = { get: () => undefined };
const fs = { type: 'stdio' as const, command: 'npx', args: ['-y', '@mcp/server-fs', '/tmp'] };

describe('web mode trust flags', () => {
  it('without flags a stdio command from the browser is refused', async () => {
    const { reviewLaunch, initialConfig } = webTrust({}, noKeys);
    expect(initialConfig).toBeUndefined();
    expect(await reviewLaunch(config({ mcpServers: [fs] }))).toMatchObject({ ok: false });
  });

  it('--allow-mcp-command allows that exact command line only', async () => {
    const { reviewLaunch } = webTrust({ 'allow-mcp-command': ['npx -y @mcp/server-fs /tmp'] }, noKeys);
    expect(await reviewLaunch(config({ mcpServers: [fs] }))).toMatchObject({ ok: true });
    expect(await reviewLaunch(config({ mcpServers: [{ ...fs, args: ['-y', '@evil/pkg'] }] }))).toMatchObject({
      ok: false,
    });
    expect(() => webTrust({ 'allow-mcp-command': ['  '] }, noKeys)).toThrow(/--allow-mcp-command/);
  });

  it('--config starts with the file and trusts its named servers for reference', async () => {
    const path = join(dir, 'studio.json');
    await writeFile(path, JSON.stringify({ mcpServers: [{ ...fs, name: 'files' }] }));
    const { reviewLaunch, initialConfig } = webTrust({ config: path }, noKeys);
    expect(initialConfig?.mcpServers[0]).toMatchObject({ name: 'files', command: 'npx' });
    expect(await reviewLaunch(config({ mcpServers: [{ type: 'trusted', server: 'files' }] }))).toMatchObject({
      ok: true,
      config: { mcpServers: [{ type: 'stdio', command: 'npx' }] },
    });
  });

  it('--allow-key-origin lets a key go to that origin', async () => {
    const keys = { get: (n: string) => (n === 'OPENAI_API_KEY' ? 'sk-x' : undefined) };
    const llm = config({ providers: { llm: { provider: 'openai', baseURL: 'http://127.0.0.1:8000/v1' } } });
    expect(await webTrust({}, keys).reviewLaunch(llm)).toMatchObject({ ok: false });
    expect(
      await webTrust({ 'allow-key-origin': ['http://127.0.0.1:8000'] }, keys).reviewLaunch(llm),
    ).toMatchObject({ ok: true });
    expect(() => webTrust({ 'allow-key-origin': ['nope'] }, keys)).toThrow(/--allow-key-origin/);
  });
});
