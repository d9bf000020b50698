import { describe, expect, it } from 'vitest';
import { decodePcm16Base64, encodePcm16Base64, floatToPcm16, meterLevel, rmsOf } from './pcm';

describe('pcm', () => {
  it('encodes little-endian bytes regardless of the machine', () => {
    // 1 = 01 00, -2 = FE FF, 0x1234 = 34 12
    expect(encodePcm16Base64(Int16Array.from([1, -2, 0x1234]))).toBe(btoa('\x01\x00\xfe\xff\x34\x12'));
  });

  it('decodes interleaved stereo into channels scaled to [-1, 1)', () => {
    const b64 = encodePcm16Base64(Int16Array.from([32767, -32768, 16384, 0, -16384, 1]));
    const [l, r] = decodePcm16Base64(b64, 2);
    expect(Array.from(l)).toEqual([32767 / 32768, 0.5, -0.5]);
    expect(Array.from(r)).toEqual([-1, 0, 1 / 32768]);
    // A trailing partial frame is ignored rather than read past.
    expect(decodePcm16Base64(encodePcm16Base64(Int16Array.from([1, 2, 3])), 2)[0]).toHaveLength(1);
    expect(() => decodePcm16Base64('', 0)).toThrow(RangeError);
  });

  it('round-trips float → PCM16 → base64 → float within one step, clipping out-of-range samples', () => {
    const f = Float32Array.from([0, 0.25, -0.25, 0.999, -1, 1.5, -3]);
    const pcm = floatToPcm16(f);
    expect(Array.from(pcm)).toEqual([0, 8192, -8192, 32735, -32768, 32767, -32768]);
    const back = decodePcm16Base64(encodePcm16Base64(pcm), 1)[0];
    for (let i = 0; i < 5; i++) expect(Math.abs(back[i] - f[i])).toBeLessThanOrEqual(1 / 32768);
  });

  it('encodes a long buffer (more than one slice of bytes)', () => {
    const pcm = Int16Array.from({ length: 20_000 }, (_, i) => ((i * 37) % 65536) - 32768);
    const back = decodePcm16Base64(encodePcm16Base64(pcm), 1)[0];
    expect(Array.from(floatToPcm16(back))).toEqual(Array.from(pcm));
  });

  it('levels: rms of a full-scale square is 1, the meter maps -60..0 dBFS onto 0..1', () => {
    expect(rmsOf([Float32Array.from([1, -1, 1, -1])])).toBe(1);
    expect(rmsOf([])).toBe(0);
    expect(meterLevel(1)).toBe(1);
    expect(meterLevel(0.001)).toBeCloseTo(0, 10); // -60 dB
    expect(meterLevel(0.0316)).toBeCloseTo(0.5, 2); // -30 dB
    expect(meterLevel(0)).toBe(0);
  });
});
