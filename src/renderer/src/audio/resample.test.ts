import { describe, expect, it } from 'vitest';
import { lowPassTaps, MIC_CHUNK_SAMPLES, MIC_PUSH_RATE, PcmChunker, StreamingResampler } from './resample';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate),
  );
}

/** RMS of the middle of a signal, away from the filter's start-up. */
function midRms(x: Float32Array): number {
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  let s = 0;
  for (let i = a; i < b; i++) s += x[i] * x[i];
  return Math.sqrt(s / (b - a));
}

/** Zero crossings of the middle half (the filter's start-up rings around zero). */
function midCrossings(x: Float32Array): number {
  let n = 0;
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  for (let i = a + 1; i < b; i++) if (x[i - 1] < 0 !== x[i] < 0) n++;
  return n;
}

function inBlocks(r: StreamingResampler, x: Float32Array, sizes: number[]): Float32Array {
  const parts: number[] = [];
  let i = 0;
  let k = 0;
  while (i < x.length) {
    const n = sizes[k++ % sizes.length];
    parts.push(...r.process(x.subarray(i, i + n)));
    i += n;
  }
  return Float32Array.from(parts);
}

describe('StreamingResampler', () => {
  it('48 kHz → 16 kHz: one third of the samples, a 440 Hz tone keeps its pitch and loudness', () => {
    const r = new StreamingResampler(48_000, MIC_PUSH_RATE);
    const out = r.process(tone(440, 48_000, 1));
    expect(Math.abs(out.length - 16_000)).toBeLessThanOrEqual(1);
    expect(Math.abs(midCrossings(out) - 440)).toBeLessThanOrEqual(1); // half a second of 440 Hz
    expect(midRms(out)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('filters before decimating: a 12 kHz tone (above the new Nyquist) does not fold back into speech', () => {
    const r = new StreamingResampler(48_000, MIC_PUSH_RATE);
    const out = r.process(tone(12_000, 48_000, 0.5));
    expect(midRms(out) / (0.5 / Math.SQRT2)).toBeLessThan(0.01); // below -40 dB
  });

  it('44.1 kHz (a non-integer ratio) → 16 kHz: the right number of samples, the pitch kept', () => {
    const r = new StreamingResampler(44_100, MIC_PUSH_RATE);
    const out = r.process(tone(1000, 44_100, 2));
    expect(Math.abs(out.length - 32_000)).toBeLessThanOrEqual(1);
    expect(Math.abs(midCrossings(out) - 2000)).toBeLessThanOrEqual(1);
  });

  it('streams: blocks of any size give exactly the samples of one whole block', () => {
    const x = tone(300, 48_000, 0.3);
    const whole = new StreamingResampler(48_000, 16_000).process(x);
    const pieces = inBlocks(new StreamingResampler(48_000, 16_000), x, [128, 1, 960, 7, 333]);
    expect(Array.from(pieces)).toEqual(Array.from(whole));
    const up = new StreamingResampler(8000, 16_000);
    const upWhole = new StreamingResampler(8000, 16_000).process(tone(200, 8000, 0.2));
    expect(Array.from(inBlocks(up, tone(200, 8000, 0.2), [100, 3]))).toEqual(Array.from(upWhole));
    // The last input sample waits for its successor (it is needed to interpolate after it).
    expect(3200 - upWhole.length).toBeGreaterThanOrEqual(0);
    expect(3200 - upWhole.length).toBeLessThanOrEqual(2);
  });

  it('equal rates pass through untouched', () => {
    const x = tone(100, 16_000, 0.01);
    expect(Array.from(new StreamingResampler(16_000, 16_000).process(x))).toEqual(Array.from(x));
  });

  it('taps have unity DC gain and refuse a bad design', () => {
    expect(lowPassTaps(0.15, 63).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(() => lowPassTaps(0.6, 63)).toThrow(RangeError);
    expect(() => lowPassTaps(0.1, 64)).toThrow(RangeError);
  });
});

describe('PcmChunker', () => {
  it('cuts any stream into chunks of exactly the size, in order, keeping the rest', () => {
    const c = new PcmChunker(4);
    expect(c.push(Int16Array.from([1, 2, 3]))).toEqual([]);
    expect(c.buffered).toBe(3);
    const out = c.push(Int16Array.from([4, 5, 6, 7, 8, 9, 10]));
    expect(out.map((x) => Array.from(x))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(c.buffered).toBe(2);
    // Emitted chunks are not reused by later pushes.
    c.push(Int16Array.from([11, 12]));
    expect(Array.from(out[1])).toEqual([5, 6, 7, 8]);
    expect(() => new PcmChunker(0)).toThrow(RangeError);
  });

  it('the pushed chunk is 32 ms at 16 kHz', () => {
    expect((MIC_CHUNK_SAMPLES / MIC_PUSH_RATE) * 1000).toBe(32);
  });
});
