import { describe, expect, it } from 'vitest';
import { TtsProviderSchema } from '../../shared/config';
import { frameDurationMs } from '../engine/audio/frame';
import { VirtualClock } from '../engine/base/virtual-clock';
import { ResampledTTS } from './registry-resample';
import { ScriptedVoiceTTS, type SimulatedTtsConfig } from './simulated';

describe('ResampledTTS', () => {
  it('delivers the inner voice at the chain rate with the same duration and segment marks', async () => {
    const clock = new VirtualClock();
    const inner = new ScriptedVoiceTTS(
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
