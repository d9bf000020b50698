import { describe, expect, it } from 'vitest';
import { StudioConfigSchema, type StudioConfigInput } from '../../shared/config';
import type { KeyInfo, KeySource } from './key-store';
import {
  confirmationText,
  describeRequest,
  launchReview,
  LaunchTrust,
  SECRET_NAME_PATTERN,
  type TrustRequest,
} from './launch-trust';

const config = (input: StudioConfigInput) => StudioConfigSchema.parse(input);
const shell = { type: 'stdio' as const, command: '/bin/sh', args: ['-c', 'touch /tmp/pwned'] };

function keys(values: Record<string, string> = {}, stored: string[] = []): KeySource {
  return {
    get: (name) => values[name],
    list: (): KeyInfo[] => stored.map((name) => ({ name, source: 'file' })),
  };
}

describe('launch review: commands', () => {
  it('refuses a stdio MCP command from the client, naming the field and the way to allow it', async () => {
    const review = launchReview({ trust: new LaunchTrust(), keys: keys() });
    const result = await review(config({ mcpServers: [shell] }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'mcpServers[0]' } });
    if (result.ok) return;
    expect(result.error.message).toContain('run "/bin/sh -c touch /tmp/pwned"');
    expect(result.error.message).toContain('--config');
  });

  it('refuses a command in an agent of its own too', async () => {
    const review = launchReview({ trust: new LaunchTrust(), keys: keys() });
    const result = await review(config({ agents: { b: { mcpServers: [shell] } } }));
    expect(result).toMatchObject({ ok: false, error: { field: 'agents.b.mcpServers[0]' } });
  });

  it('accepts exactly the command line a trusted config file lists, and nothing near it', async () => {
    const trust = new LaunchTrust();
    trust.trustConfig(config({ mcpServers: [{ ...shell, name: 'tools' }] }));
    const review = launchReview({ trust, keys: keys() });
    expect(await review(config({ mcpServers: [{ ...shell, allowedTools: ['a'] }] }))).toMatchObject({
      ok: true,
    });
    for (const changed of [
      { ...shell, args: ['-c', 'rm -rf ~'] },
      { ...shell, env: { LD_PRELOAD: '/tmp/evil.so' } },
      { ...shell, cwd: '/tmp' },
      { ...shell, command: 'sh' },
    ]) {
      expect(await review(config({ mcpServers: [changed] })), JSON.stringify(changed)).toMatchObject({
        ok: false,
      });
    }
  });

  it('resolves a reference by name to the trusted server, keeping the client’s own limits', async () => {
    const trust = new LaunchTrust();
    trust.trustConfig(config({ mcpServers: [{ ...shell, name: 'tools' }] }));
    const review = launchReview({ trust, keys: keys() });
    const result = await review(
      config({ mcpServers: [{ type: 'trusted', server: 'tools', timeoutMs: 500 }] }),
    );
    expect(result).toMatchObject({
      ok: true,
      config: { mcpServers: [{ type: 'stdio', command: '/bin/sh', name: 'tools', timeoutMs: 500 }] },
    });
    const unknown = await review(config({ mcpServers: [{ type: 'trusted', server: 'nope' }] }));
    expect(unknown).toMatchObject({ ok: false, error: { field: 'mcpServers[0].server' } });
    if (!unknown.ok) expect(unknown.error.message).toContain('trusted: tools');
  });

  it('asks main’s confirmation once and remembers a yes; a no refuses', async () => {
    const asked: TrustRequest[][] = [];
    let answer = false;
    const trust = new LaunchTrust();
    const review = launchReview({
      trust,
      keys: keys(),
      confirm: async (r) => {
        asked.push([...r]);
        return answer;
      },
    });
    const no = await review(config({ mcpServers: [shell] }));
    expect(no).toMatchObject({ ok: false, error: { field: 'mcpServers[0]' } });
    if (!no.ok) expect(no.error.message).toContain('not allowed by the user');
    answer = true;
    expect(await review(config({ mcpServers: [shell] }))).toMatchObject({ ok: true });
    expect(await review(config({ mcpServers: [shell] }))).toMatchObject({ ok: true });
    expect(asked).toHaveLength(2);
    expect(describeRequest(asked[0][0])).toBe('run "/bin/sh -c touch /tmp/pwned"');
    const text = confirmationText(asked[0]);
    expect(text.message).toMatch(/start a program/);
    expect(text.detail).toContain('• mcpServers[0]: run "/bin/sh -c touch /tmp/pwned"');
  });
});

describe('launch review: secret names', () => {
  it('the documented pattern takes key-like names only', () => {
    for (const ok of ['OPENAI_API_KEY', 'LIVEKIT_API_SECRET', 'GROQ_KEY', 'HF_TOKEN'])
      expect(SECRET_NAME_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['PATH', 'HOME', 'AWS_SECRET_ACCESS_KEY_ID', 'openai_api_key', 'KEY', '_KEY'])
      expect(SECRET_NAME_PATTERN.test(bad), bad).toBe(false);
  });

  it('refuses apiKeyName PATH with a message naming the field', async () => {
    const review = launchReview({ trust: new LaunchTrust(), keys: keys({ PATH: '/usr/bin' }) });
    const result = await review(config({ providers: { llm: { provider: 'openai', apiKeyName: 'PATH' } } }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'providers.llm.apiKeyName' },
    });
    if (!result.ok)
      expect(result.error.message).toMatch(/^providers\.llm\.apiKeyName: "PATH" is not a key name/);
  });

  it('checks every place a config names a secret', async () => {
    const review = launchReview({ trust: new LaunchTrust(), keys: keys() });
    const cases: Array<[StudioConfigInput, string]> = [
      [
        { providers: { tts: [{ provider: 'local' }, { provider: 'openai', apiKeyName: 'HOME' }] } },
        'providers.tts[1].apiKeyName',
      ],
      [{ providers: { stt: { provider: 'openai', apiKeyName: 'SHELL' } } }, 'providers.stt.apiKeyName'],
      [
        {
          mcpServers: [
            { type: 'http', url: 'https://x.example/mcp', headerKeyNames: { Authorization: 'HOME' } },
          ],
        },
        'mcpServers[0].headerKeyNames.Authorization',
      ],
      [{ mcpServers: [{ ...shell, envKeyNames: { T: 'USER' } }] }, 'mcpServers[0].envKeyNames.T'],
      [{ livekit: { url: 'wss://x.livekit.cloud', room: 'r', apiKeyName: 'PATH' } }, 'livekit.apiKeyName'],
      [
        { livekit: { url: 'wss://x.livekit.cloud', room: 'r', tokenKeyName: 'HOME' } },
        'livekit.tokenKeyName',
      ],
    ];
    for (const [input, field] of cases)
      expect(await review(config(input)), field).toMatchObject({ ok: false, error: { field } });
  });

  it('takes a name saved in the key store file, unless the environment has it', async () => {
    const review = launchReview({ trust: new LaunchTrust(), keys: keys({}, ['my_llm', 'PATH']) });
    const llm = (apiKeyName: string) => config({ providers: { llm: { provider: 'openai', apiKeyName } } });
    expect(await review(llm('my_llm'))).toMatchObject({ ok: true });
    expect(await review(llm('PATH'))).toMatchObject({ ok: false });
  });
});

describe('launch review: where keys are sent', () => {
  const llmAt = (baseURL?: string) =>
    config({ providers: { llm: { provider: 'openai', ...(baseURL ? { baseURL } : {}) } } });

  it('sends a key to its provider’s host, and nowhere else without the user', async () => {
    const trust = new LaunchTrust();
    const review = launchReview({ trust, keys: keys({ OPENAI_API_KEY: 'sk-live' }) });
    expect(await review(llmAt())).toMatchObject({ ok: true });
    expect(await review(llmAt('https://api.openai.com/v1'))).toMatchObject({ ok: true });
    const evil = await review(llmAt('https://evil.example/v1'));
    expect(evil).toMatchObject({ ok: false, error: { field: 'providers.llm.apiKeyName' } });
    if (!evil.ok) expect(evil.error.message).toContain('send the key OPENAI_API_KEY to https://evil.example');
    trust.trustOrigin('https://evil.example');
    expect(await review(llmAt('https://evil.example/v1'))).toMatchObject({ ok: true });
  });

  it('a realtime model’s key goes to its baseURL only when the user trusts that origin', async () => {
    const realtimeAt = (baseURL?: string) =>
      config({ providers: { llm: { provider: 'openai-realtime', ...(baseURL ? { baseURL } : {}) } } });
    const trust = new LaunchTrust();
    const review = launchReview({ trust, keys: keys({ OPENAI_API_KEY: 'sk-live' }) });
    expect(await review(realtimeAt())).toMatchObject({ ok: true });
    const evil = await review(realtimeAt('https://evil.example/v1'));
    expect(evil).toMatchObject({ ok: false, error: { field: 'providers.llm.apiKeyName' } });
    trust.trustOrigin('https://evil.example');
    expect(await review(realtimeAt('https://evil.example/v1'))).toMatchObject({ ok: true });
  });

  it('a local server without a key set needs no trust: nothing is sent', async () => {
    const review = launchReview({ trust: new LaunchTrust(), keys: keys() });
    expect(await review(llmAt('http://127.0.0.1:11434/v1'))).toMatchObject({ ok: true });
  });

  it('an MCP URL gets a header key only when trusted; a trusted file trusts its own pairs', async () => {
    const http = {
      type: 'http' as const,
      url: 'https://mcp.example/mcp',
      headerKeyNames: { Authorization: 'MCP_TOKEN' },
    };
    const trust = new LaunchTrust();
    const review = launchReview({ trust, keys: keys({ MCP_TOKEN: 'secret-value' }) });
    expect(await review(config({ mcpServers: [http] }))).toMatchObject({
      ok: false,
      error: { field: 'mcpServers[0].headerKeyNames.Authorization' },
    });
    trust.trustConfig(config({ mcpServers: [http] }));
    expect(await review(config({ mcpServers: [http] }))).toMatchObject({ ok: true });
    expect(
      await review(config({ mcpServers: [{ ...http, url: 'https://other.example/mcp' }] })),
    ).toMatchObject({ ok: false });
  });
});
