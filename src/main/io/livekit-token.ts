/**
 * Credentials for joining a LiveKit room, from main's key store: either a ready token
 * (`livekit.tokenKeyName`) or an access token minted here from the API key and secret with
 * livekit-server-sdk's AccessToken (offline, no server involved). Tokens and secrets stay in
 * main: they are handed to the room connection and never logged, evented or sent to the renderer.
 */
import { AccessToken } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../../shared/config';

export interface KeyGetter {
  get(name: string): string | undefined;
}

/** How long a minted token is valid: long enough for one studio session. */
export const TOKEN_TTL_S = 6 * 60 * 60;

export interface MintOptions {
  apiKey: string;
  apiSecret: string;
  room: string;
  identity: string;
  ttlS?: number;
}

/** A JWT that lets `identity` join `room`, publish its audio and subscribe to the others. */
export async function mintRoomToken(opts: MintOptions): Promise<string> {
  const at = new AccessToken(opts.apiKey, opts.apiSecret, {
    identity: opts.identity,
    ttl: opts.ttlS ?? TOKEN_TTL_S,
  });
  at.addGrant({ roomJoin: true, room: opts.room, canPublish: true, canSubscribe: true });
  return at.toJwt();
}

/** Why credentials could not be found; the message names the missing keys and how to set them. */
export class MissingRoomKeysError extends Error {
  override name = 'MissingRoomKeysError';
  constructor(readonly missing: string[]) {
    const sets = missing.map((n) => `npm run studio -- keys set ${n}`).join(' and ');
    super(
      `the LiveKit room needs ${missing.join(' and ')} in the key store (or the environment); set ${
        missing.length > 1 ? 'them' : 'it'
      } with ${sets}`,
    );
  }
}

/** Checks, before anything runs, that the keys the config names exist; returns the missing names. */
export function missingRoomKeys(config: LiveKitConfig, keys: KeyGetter): string[] {
  const names = config.tokenKeyName ? [config.tokenKeyName] : [config.apiKeyName, config.apiSecretName];
  return names.filter((n) => {
    try {
      return !keys.get(n);
    } catch {
      return true;
    }
  });
}

/** The token to join with: the stored one, or one minted from the stored key and secret. */
export async function roomToken(config: LiveKitConfig, keys: KeyGetter): Promise<string> {
  const missing = missingRoomKeys(config, keys);
  if (missing.length > 0) throw new MissingRoomKeysError(missing);
  if (config.tokenKeyName) return keys.get(config.tokenKeyName) as string;
  return mintRoomToken({
    apiKey: keys.get(config.apiKeyName) as string,
    apiSecret: keys.get(config.apiSecretName) as string,
    room: config.room,
    identity: config.identity,
  });
}
