import { describe, expect, it } from 'vitest';
import {
  AUDIO_KIND_INVOKE,
  AUDIO_KIND_PUSH,
  bytesToPcm16,
  decodeAudioFrame,
  encodeAudioFrame,
  MAX_AUDIO_PUSH_BYTES,
  pcm16ToBytes,
} from './binary-audio';

const base = {
  kind: AUDIO_KIND_PUSH,
  id: 0,
  sessionId: 'séssion',
  sampleRate: 24000,
  channels: 2,
  pcm: new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0]),
  cleared: false,
} as const;

describe('binary audio frames', () => {
  it('round-trips a frame, and PCM16 as little-endian bytes', () => {
    const decoded = decodeAudioFrame(encodeAudioFrame(base), AUDIO_KIND_PUSH);
    expect(decoded).toEqual({ ok: true, message: { ...base, pcm: base.pcm } });
    expect([...pcm16ToBytes(new Int16Array([-2, 256]))]).toEqual([0xfe, 0xff, 0, 1]);
    expect([...bytesToPcm16(new Uint8Array([0xfe, 0xff, 0, 1]))]).toEqual([-2, 256]);
    const cleared = decodeAudioFrame(
      encodeAudioFrame({ ...base, pcm: new Uint8Array(0), cleared: true }),
      AUDIO_KIND_PUSH,
    );
    expect(cleared.ok && cleared.message.cleared).toBe(true);
  });

  it('refuses every malformed header and body with a reason, never throwing', () => {
    const good = encodeAudioFrame(base);
    const mutate = (at: number, v: number) => {
      const b = good.slice();
      b[at] = v;
      return b;
    };
    const cases: Array<[Uint8Array, RegExp]> = [
      [good.subarray(0, 10), /shorter than the audio header/],
      [mutate(0, 0), /bad magic/],
      [mutate(2, 9), /version 9/],
      [mutate(4, 2), /flags 2/],
      [mutate(5, 3), /channels: 3/],
      [mutate(14, 0), /session id length 0/],
      [mutate(14, 200), /truncated/],
      [good.subarray(0, good.length - 2), /not whole frames of 2/],
      [encodeAudioFrame({ ...base, pcm: new Uint8Array(MAX_AUDIO_PUSH_BYTES + 4) }), /more than/],
      [encodeAudioFrame({ ...base, cleared: true }), /cleared frame carries no PCM/],
      [encodeAudioFrame({ ...base, pcm: new Uint8Array(0) }), /no samples/],
      [encodeAudioFrame({ ...base, sampleRate: 7999 }), /sampleRate: 7999/],
    ];
    for (const [bytes, reason] of cases) {
      const r = decodeAudioFrame(bytes, AUDIO_KIND_PUSH);
      expect(r.ok ? 'accepted' : r.reason).toMatch(reason);
    }
    expect(decodeAudioFrame(good, AUDIO_KIND_INVOKE)).toMatchObject({ ok: false, reason: /kind 1/ });
    expect(
      decodeAudioFrame(encodeAudioFrame({ ...base, kind: AUDIO_KIND_INVOKE, id: 0 }), AUDIO_KIND_INVOKE),
    ).toMatchObject({ ok: false, reason: /invoke id above 0/ });
  });
});
