import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { LiveKitConfigSchema } from '../../shared/config';
import { MissingRoomKeysError, mintRoomToken, missingRoomKeys, roomToken } from './livekit-token';

const KEY = 'APIdevkey123';
const SECRET = 'a-long-enough-secret-for-hs256-signing-0123456789';

function payloadOf(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  expect(parts).toHaveLength(3);
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

const config = LiveKitConfigSchema.parse({ url: 'wss://example.livekit.cloud', room: 'studio-room' });
const store = (values: Record<string, string>) => ({ get: (n: string) => values[n] });

describe('LiveKit room token', () => {
  it('mints a JWT for the identity with room join, publish and subscribe grants, signed with the secret', async () => {
    const jwt = await mintRoomToken({
      apiKey: KEY,
      apiSecret: SECRET,
      room: 'studio-room',
      identity: 'agent-1',
    });
    const payload = payloadOf(jwt);
    expect(payload).toMatchObject({
      iss: KEY,
      sub: 'agent-1',
      video: { roomJoin: true, room: 'studio-room', canPublish: true, canSubscribe: true },
    });
    expect(Number(payload.exp) - Number(payload.nbf)).toBeGreaterThan(3600);
    const claims = await new TokenVerifier(KEY, SECRET).verify(jwt);
    expect(claims.video).toMatchObject({ roomJoin: true, room: 'studio-room' });
    await expect(
      new TokenVerifier(KEY, 'another-secret-another-secret-another').verify(jwt),
    ).rejects.toThrow();
  });

  it('uses the key store: minted from key + secret with the config identity, or a stored token as is', async () => {
    const jwt = await roomToken(config, store({ LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET }));
    expect(payloadOf(jwt)).toMatchObject({ sub: 'voice-agent-studio', video: { room: 'studio-room' } });
    const withToken = { ...config, tokenKeyName: 'MY_LK_TOKEN' };
    expect(await roomToken(withToken, store({ MY_LK_TOKEN: 'ready.made.token' }))).toBe('ready.made.token');
  });

  it('names the missing keys and how to set them', async () => {
    expect(missingRoomKeys(config, store({ LIVEKIT_API_KEY: KEY }))).toEqual(['LIVEKIT_API_SECRET']);
    const err = await roomToken(config, store({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingRoomKeysError);
    expect((err as Error).message).toContain('LIVEKIT_API_KEY and LIVEKIT_API_SECRET');
    expect((err as Error).message).toContain('npm run studio -- keys set LIVEKIT_API_SECRET');
    expect(missingRoomKeys({ ...config, tokenKeyName: 'TOK' }, store({}))).toEqual(['TOK']);
  });
});
