import { describe, expect, it } from 'vitest';
import { formatIssues, StudioConfigSchema } from './config';

const issuesOf = (input: unknown): string[] => {
  const r = StudioConfigSchema.safeParse(input);
  return r.success ? [] : formatIssues(r.error);
};

describe('config: livekit', () => {
  it('is optional and gets its defaults when given', () => {
    expect(StudioConfigSchema.parse({}).livekit).toBeUndefined();
    const c = StudioConfigSchema.parse({
      inputMode: 'livekit',
      livekit: { url: 'wss://my-project.livekit.cloud', room: 'demo' },
    });
    expect(c.livekit).toEqual({
      url: 'wss://my-project.livekit.cloud',
      room: 'demo',
      identity: 'voice-agent-studio',
      apiKeyName: 'LIVEKIT_API_KEY',
      apiSecretName: 'LIVEKIT_API_SECRET',
    });
    expect(
      StudioConfigSchema.parse({
        livekit: {
          url: 'ws://localhost:7880',
          room: 'r',
          tokenKeyName: 'LK_TOKEN',
          participantIdentity: 'alice',
        },
      }).livekit,
    ).toMatchObject({ tokenKeyName: 'LK_TOKEN', participantIdentity: 'alice' });
  });

  it('refuses a URL that is not ws(s), an empty room, bad key names and unknown fields, naming the field', () => {
    expect(issuesOf({ livekit: { url: 'https://x.livekit.cloud', room: 'r' } })[0]).toMatch(
      /^livekit\.url: expected a ws:\/\/ or wss:\/\/ URL/,
    );
    expect(issuesOf({ livekit: { url: 'wss://', room: 'r' } })[0]).toMatch(/^livekit\.url:/);
    expect(issuesOf({ livekit: { url: 'wss://x', room: '' } })[0]).toMatch(/^livekit\.room:/);
    expect(issuesOf({ livekit: { url: 'wss://x', room: 'r', apiSecretName: 'my-secret' } })[0]).toMatch(
      /^livekit\.apiSecretName:/,
    );
    expect(issuesOf({ livekit: { url: 'wss://x', room: 'r', apiSecret: 'inline' } }).join()).toMatch(
      /livekit/,
    );
    expect(issuesOf({ livekit: { room: 'r' } })[0]).toMatch(/^livekit\.url:/);
  });
});
