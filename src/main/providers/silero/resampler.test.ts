import { describe, expect, it } from 'vitest';
import { createResampler, int16ToFloat32 } from './resampler';

function sine(freq: number, rate: number, n: number, amp = 0.5): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

/** Frequency estimate from zero crossings; enough to tell 440 Hz from a wrong-ratio 300 Hz. */
function zeroCrossFreq(x: Float32Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < x.length; i++) if (x[i - 1] < 0 !== x[i] < 0) crossings++;
  return (crossings / 2) * (rate / x.length);
}

describe('streaming resampler', () => {
  it.each([
    [22050, 16000],
    [48000, 16000],
    [44100, 16000],
    [8000, 16000],
  ])('%i -> %i Hz in 10 ms chunks keeps pitch, length and continuity', async (from, to) => {
    const r = await createResampler(from, to);
    try {
      const input = sine(440, from, from * 2);
      const chunk = Math.round(from / 100);
      const parts: Float32Array[] = [];
      for (let i = 0; i < input.length; i += chunk) parts.push(r.push(input.subarray(i, i + chunk)));
      const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      // Two seconds in, two seconds out, minus what the filter still holds (< 5 ms).
      expect(out.length).toBeLessThanOrEqual(to * 2);
      expect(out.length).toBeGreaterThan(to * 2 - to * 0.005);
      const settled = out.subarray(Math.round(to * 0.1));
      expect(zeroCrossFreq(settled, to)).toBeGreaterThan(435);
      expect(zeroCrossFreq(settled, to)).toBeLessThan(445);
      // No clicks at chunk edges: a clean sine never jumps more than its max slope allows.
      const maxStep = 0.5 * 2 * Math.PI * (440 / to) * 1.1;
      let worst = 0;
      for (let i = 1; i < settled.length; i++) worst = Math.max(worst, Math.abs(settled[i] - settled[i - 1]));
      expect(worst).toBeLessThan(maxStep);
    } finally {
      r.close();
    }
  });

  it('does not delay the signal (timestamps stay true)', async () => {
    const r = await createResampler(48000, 16000);
    try {
      const x = new Float32Array(4800);
      x[2400] = 1;
      const out: number[] = [];
      for (let i = 0; i < x.length; i += 480) out.push(...r.push(x.subarray(i, i + 480)));
      let peak = 0;
      for (let i = 1; i < out.length; i++) if (Math.abs(out[i]) > Math.abs(out[peak])) peak = i;
      expect(peak).toBe(800);
    } finally {
      r.close();
    }
  });

  it('rejects bad rates and use after close', async () => {
    await expect(createResampler(0, 16000)).rejects.toThrow(/input sample rate must be an integer/);
    await expect(createResampler(44100.5, 16000)).rejects.toThrow(/input sample rate/);
    const r = await createResampler(48000, 16000);
    r.close();
    expect(() => r.push(new Float32Array(10))).toThrow(/push after close/);
  });

  it('maps PCM16 full scale onto [-1, 1)', () => {
    expect(Array.from(int16ToFloat32(Int16Array.from([-32768, 0, 16384, 32767])))).toEqual([
      -1,
      0,
      0.5,
      32767 / 32768,
    ]);
  });
});
