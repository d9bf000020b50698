/**
 * The FIR decimator that replaced libsamplerate for integer ratios: a sound low-pass, exact
 * streaming (chunking never changes the output), and — what matters — the VAD hears the same
 * speech: probabilities on espeak-ng speech at 48 kHz stay within a tight band of what the
 * libsamplerate path gave, and at least as close to a high-quality (sox) conversion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecimator, decimationTaps } from './decimator';
import { createSileroSession, SileroModel } from './onnx-model';
import { createResampler, createSincResampler, int16ToFloat32, type MonoResampler } from './resampler';
import { SpeechMaker, toolMissing } from '../testing/speech-audio';

const sine = (freq: number, rate: number, n: number) =>
  Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / rate));
const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

function run(r: MonoResampler, input: Float32Array, chunk: number): Float32Array {
  const parts: number[] = [];
  for (let i = 0; i < input.length; i += chunk) parts.push(...r.push(input.subarray(i, i + chunk)));
  return Float32Array.from(parts);
}

describe('integer-ratio decimator', () => {
  it('has symmetric unity-gain taps', () => {
    const taps = decimationTaps(3);
    expect(taps.length).toBe(73);
    expect(taps.reduce((s, t) => s + t, 0)).toBeCloseTo(1, 6);
    for (let k = 0; k < taps.length; k++) expect(taps[k]).toBe(taps[taps.length - 1 - k]);
  });

  it('passes speech frequencies and rejects what would alias (48 -> 16 kHz)', () => {
    const settled = (x: Float32Array) => x.subarray(200);
    const pass = settled(run(createDecimator(48000, 16000), sine(1000, 48000, 48000), 480));
    expect(rms(pass) / (0.5 / Math.SQRT2)).toBeGreaterThan(0.99);
    expect(rms(pass) / (0.5 / Math.SQRT2)).toBeLessThan(1.01);
    // 10 kHz would fold onto 6 kHz; 20 kHz onto 4 kHz.
    for (const f of [10000, 20000]) {
      const stop = settled(run(createDecimator(48000, 16000), sine(f, 48000, 48000), 480));
      expect(20 * Math.log10(rms(stop) / (0.5 / Math.SQRT2))).toBeLessThan(-55);
    }
  });

  it('gives the same output however the input is chunked', () => {
    const x = Float32Array.from({ length: 9600 }, (_, i) => Math.sin(i * 0.01) * Math.cos(i * 0.37));
    const whole = run(createDecimator(48000, 16000), x, x.length);
    for (const chunk of [1, 7, 160, 480, 1000])
      expect(run(createDecimator(48000, 16000), x, chunk)).toEqual(whole);
  });

  it('is chosen for integer ratios only, and refuses others', async () => {
    const r = await createResampler(32000, 16000);
    const impulse = new Float32Array(3200);
    impulse[1600] = 1;
    const out = run(r, impulse, 320);
    expect(out.indexOf(Math.max(...out))).toBe(800);
    expect(() => createDecimator(44100, 16000)).toThrow(/44100 Hz is not an integer multiple/);
    expect(() => createDecimator(16000, 16000)).toThrow(/not an integer multiple \(2x or more\)/);
    const d = createDecimator(48000, 16000);
    d.close();
    expect(() => d.push(new Float32Array(3))).toThrow(/push after close/);
  });
});

const missing = toolMissing();
describe.skipIf(missing !== null)('the VAD hears the same speech through the decimator', () => {
  let maker: SpeechMaker;
  let at48: Float32Array;
  let at16: Float32Array;

  beforeAll(() => {
    maker = new SpeechMaker();
    const u = maker.compose(
      ['Please book a table for two at seven tonight.', 'Sure, I will grab my coat and meet you outside.'],
      500,
      1000,
      800,
    );
    at48 = int16ToFloat32(maker.resample(u.audio, 48000).data);
    at16 = int16ToFloat32(maker.resample(u.audio, 16000).data);
  });

  afterAll(() => maker?.dispose());

  it('keeps every window probability within a tight band of the libsamplerate path', async () => {
    const session = await createSileroSession();
    const probabilities = async (audio: Float32Array, r: MonoResampler | null) => {
      const model = new SileroModel(session, 16000);
      const converted = r ? run(r, audio, 480) : audio;
      const out: number[] = [];
      for (let i = 0; i + 512 <= converted.length; i += 512)
        out.push(await model.infer(converted.subarray(i, i + 512)));
      return out;
    };
    try {
      const before = await probabilities(at48, await createSincResampler(48000, 16000));
      const after = await probabilities(at48, createDecimator(48000, 16000));
      const sox = await probabilities(at16, null);
      const gap = (a: number[], b: number[]) => {
        const d = a.map((p, i) => Math.abs(p - b[i]));
        return { max: Math.max(...d), mean: d.reduce((s, v) => s + v, 0) / d.length };
      };
      expect(after.length).toBe(before.length);
      expect(Math.max(...before)).toBeGreaterThan(0.9); // speech is in there
      const change = gap(after, before);
      expect(change.mean).toBeLessThan(0.01);
      // The largest single-window change is no bigger than libsamplerate's own distance from sox.
      expect(change.max).toBeLessThan(Math.max(0.05, gap(before, sox).max + 0.02));
      // Same activation decisions (threshold 0.5) on all but a transition window or two.
      const flips = after.filter((p, i) => p >= 0.5 !== before[i] >= 0.5).length;
      expect(flips).toBeLessThanOrEqual(2);
      // And no worse than before against sox's high-quality conversion.
      expect(gap(after, sox).mean).toBeLessThanOrEqual(gap(before, sox).mean + 1e-4);
    } finally {
      await session.release();
    }
  });
});
