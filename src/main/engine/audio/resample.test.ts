import { describe, expect, it } from 'vitest';
import { makeFrame } from './frame';
import { LinearResampler, resampleClip } from './resample';

function sine(n: number, rate: number, hz = 300): Int16Array {
  return Int16Array.from({ length: n }, (_, i) =>
    Math.round(10000 * Math.sin((2 * Math.PI * hz * i) / rate)),
  );
}

/** The definition (the simulated caller's former resampleLinear): sample i at input position i * step, the end held. */
function reference(data: Int16Array, from: number, to: number): Int16Array {
  const n = Math.max(1, Math.round((data.length * to) / from));
  const step = from / to;
  return Int16Array.from({ length: n }, (_, i) => {
    const pos = i * step;
    const j = Math.floor(pos);
    const a = data[Math.min(j, data.length - 1)];
    const b = data[Math.min(j + 1, data.length - 1)];
    return Math.round(a + (b - a) * (pos - j));
  });
}

describe('LinearResampler', () => {
  it('gives exactly the samples of the whole input, however the stream is cut', () => {
    const input = sine(22050, 22050);
    const whole = new LinearResampler(22050, 24000).pushSamples(input);
    const chunked = new LinearResampler(22050, 24000);
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += 441 + (i % 7))
      parts.push(...chunked.pushSamples(input.subarray(i, i + 441 + (i % 7))));
    expect(parts).toEqual(Array.from(whole));
    // One second in, one second out (give or take the sample interpolation needs ahead).
    expect(Math.abs(whole.length - 24000)).toBeLessThanOrEqual(2);
  });

  it('keeps the waveform: a 300 Hz tone stays a 300 Hz tone', () => {
    const out = new LinearResampler(22050, 16000).pushSamples(sine(22050, 22050));
    const expected = sine(out.length, 16000);
    const err = Math.max(...Array.from(out.subarray(0, 15000), (v, i) => Math.abs(v - expected[i])));
    expect(err).toBeLessThan(200);
  });

  it('interpolates across frame boundaries and holds the last sample on flush', () => {
    const r = new LinearResampler(8000, 16000, 1);
    const a = r.push(makeFrame(Int16Array.from([0, 100, 200]), 8000));
    const b = r.push(makeFrame(Int16Array.from([300]), 8000));
    const c = r.flush();
    expect([...a, ...b, ...c].flatMap((f) => [...f.data])).toEqual([0, 50, 100, 150, 200, 250, 300, 300]);
    expect([...a, ...b, ...c].every((f) => f.sampleRate === 16000)).toBe(true);
  });

  it('resamples interleaved channels each on their own', () => {
    const r = new LinearResampler(48000, 24000, 2);
    const out = [...r.push(makeFrame(Int16Array.from([0, 10, 1, 11, 2, 12, 3, 13]), 48000, 2)), ...r.flush()];
    expect(out.flatMap((f) => [...f.data])).toEqual([0, 10, 2, 12]);
  });

  it('starts over after a flush', () => {
    const r = new LinearResampler(8000, 16000);
    const first = [...r.pushSamples(Int16Array.from([0, 100])), ...r.flushSamples()];
    const again = [...r.pushSamples(Int16Array.from([0, 100])), ...r.flushSamples()];
    expect(again).toEqual(first);
  });

  it('refuses a frame of another format and bad rates, naming what is wrong', () => {
    const r = new LinearResampler(16000, 24000);
    expect(() => r.push(makeFrame(new Int16Array(4), 22050))).toThrow(/expects 16000 Hz x1, got 22050 Hz x1/);
    expect(() => new LinearResampler(0, 24000)).toThrow(/sample rates must be positive \(got 0 Hz/);
    expect(() => new LinearResampler(16000, 24000, 0)).toThrow(/channels must be a positive integer/);
    expect(() => new LinearResampler(16000, 24000, 2).pushSamples(new Int16Array(3))).toThrow(
      /3 samples is not a multiple of 2 channels/,
    );
  });
});

describe('resampleClip', () => {
  it('equals the definition, length round(n * to / from)', () => {
    for (const [from, to] of [
      [22050, 16000],
      [24000, 16000],
      [16000, 48000],
      [44100, 22050],
    ]) {
      const data = sine(1234, from, 440);
      expect(Array.from(resampleClip(data, from, to))).toEqual(Array.from(reference(data, from, to)));
    }
  });

  it('gives the same clip back at the same rate, and one sample for a tiny clip', () => {
    const data = Int16Array.from([1, 2, 3]);
    expect(resampleClip(data, 16000, 16000)).toBe(data);
    expect(Array.from(resampleClip(Int16Array.from([5]), 48000, 8000))).toEqual([5]);
  });
});
