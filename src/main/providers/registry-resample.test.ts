import { describe, expect, it } from 'vitest';
import { TtsProviderSchema } from '../../shared/config';
import { frameDurationMs } from '../engine/audio/frame';
import { VirtualClock } from '../engine/base/virtual-clock';
import { ResampledTTS, StreamingResampler } from './registry-resample';
import { SimulatedTTS, type SimulatedTtsConfig } from './simulated';

function sine(n: number, rate: number, hz = 300): Int16Array {
  return Int16Array.from({ length: n }, (_, i) =>
    Math.round(10000 * Math.sin((2 * Math.PI * hz * i) / rate)),
  );
}

describe('StreamingResampler', () => {
  it('gives the same samples whether the input comes whole or in odd-sized frames', () => {
    const input = sine(22050, 22050);
    const whole = new StreamingResampler(22050, 24000).push(input);
    const chunked = new StreamingResampler(22050, 24000);
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += 441 + (i % 7))
      parts.push(...chunked.push(input.subarray(i, i + 441 + (i % 7))));
    expect(parts.length).toBe(whole.length);
    expect(Math.max(...parts.map((v, i) => Math.abs(v - whole[i])))).toBeLessThanOrEqual(1);
    // One second in, one second out (give or take the sample interpolation needs ahead).
    expect(Math.abs(whole.length - 24000)).toBeLessThanOrEqual(2);
  });

  it('keeps the waveform: a 300 Hz tone stays a 300 Hz tone', () => {
    const out = new StreamingResampler(22050, 16000).push(sine(22050, 22050));
    const expected = sine(out.length, 16000);
    const err = Math.max(...Array.from(out.subarray(0, 15000), (v, i) => Math.abs(v - expected[i])));
    expect(err).toBeLessThan(200);
  });
});

describe('ResampledTTS', () => {
  it('delivers the inner voice at the chain rate with the same duration and segment marks', async () => {
    const clock = new VirtualClock();
    const inner = new SimulatedTTS(
      TtsProviderSchema.parse({ provider: 'simulated', sampleRate: 16000, ttfbMs: 10 }) as SimulatedTtsConfig,
      {
        clock,
      },
    );
    const tts = new ResampledTTS(inner, 24000);
    const stream = tts.stream();
    const got: Array<{ rate: number; ms: number; isFinal: boolean }> = [];
    const reading = (async () => {
      for await (const a of stream)
        got.push({ rate: a.frame.sampleRate, ms: frameDurationMs(a.frame), isFinal: a.isFinal });
    })();
    stream.pushText('A short sentence to say.');
    stream.endInput();
    await clock.runUntil(5000);
    await reading;
    expect(got.every((g) => g.rate === 24000)).toBe(true);
    const total = got.reduce((s, g) => s + g.ms, 0);
    expect(Math.abs(total - 1714)).toBeLessThan(2); // 24 characters at 14 a second
    expect(got.at(-1)?.isFinal).toBe(true);
    await stream.close();
  });
});
