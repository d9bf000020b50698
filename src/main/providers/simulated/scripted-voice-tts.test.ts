import { describe, expect, it } from 'vitest';
import { TtsProviderSchema } from '../../../shared/config';
import { frameDurationMs } from '../../engine/audio/frame';
import { VirtualClock } from '../../engine/base/virtual-clock';
import type { SynthesizedAudio } from '../../engine/tts/tts';
import type { TtsMetrics } from '../local-tts/synthesize-stream';
import { ScriptedVoiceTTS, spokenDurationMs, type SimulatedTtsConfig } from './scripted-voice-tts';

function config(input: Record<string, unknown>): SimulatedTtsConfig {
  return TtsProviderSchema.parse({ provider: 'simulated', ...input }) as SimulatedTtsConfig;
}

function drain(it: AsyncIterable<SynthesizedAudio>, clock: VirtualClock) {
  const got: Array<[number, SynthesizedAudio]> = [];
  const done = (async () => {
    for await (const x of it) got.push([clock.instantMs, x]);
  })();
  return { got, done };
}

const rms = (d: Int16Array) => Math.sqrt(d.reduce((s, v) => s + v * v, 0) / Math.max(1, d.length));

describe('ScriptedVoiceTTS', () => {
  const sentence = 'This sentence has exactly fifty-six characters in it ok.';

  it('delivers audio of the spoken duration after ttfb, paced by the real-time factor', async () => {
    expect(sentence.length).toBe(56);
    const clock = new VirtualClock(0);
    const metrics: TtsMetrics[] = [];
    const tts = new ScriptedVoiceTTS(config({ ttfbMs: 300, realTimeFactor: 0.5, charsPerSecond: 14 }), {
      clock,
      onMetrics: (m) => metrics.push(m),
    });
    const stream = tts.stream();
    const out = drain(stream, clock);
    stream.pushText(sentence);
    stream.endInput();
    await clock.runUntil(10_000);
    await out.done;
    const audioMs = out.got.reduce((s, [, a]) => s + frameDurationMs(a.frame), 0);
    expect(audioMs).toBe(spokenDurationMs(sentence, 14));
    expect(audioMs).toBe(4000);
    expect(out.got[0][0]).toBe(300);
    // 20 chunks of 200 ms, each after 100 ms of work: the last arrives at 300 + 19 * 100.
    expect(out.got.at(-1)?.[0]).toBe(2200);
    expect(out.got.at(-1)?.[1].isFinal).toBe(true);
    expect(out.got.filter(([, a]) => a.isFinal)).toHaveLength(1);
    expect(out.got.every(([, a]) => a.frame.sampleRate === 24000)).toBe(true);
    const all = Int16Array.from(out.got.flatMap(([, a]) => [...a.frame.data]));
    expect(rms(all)).toBeGreaterThan(1000);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      ttfbMs: 300,
      audioDurationMs: 4000,
      cancelled: false,
      label: 'simulated.TTS',
    });
    expect(tts.openStreams()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('can produce silence, and starts a later sentence only after the previous one', async () => {
    const clock = new VirtualClock(0);
    const tts = new ScriptedVoiceTTS(
      config({ ttfbMs: 100, realTimeFactor: 0.1, audio: 'silence', sampleRate: 16000 }),
      { clock },
    );
    const stream = tts.stream();
    const out = drain(stream, clock);
    stream.pushText('First sentence is here. Second one follows it now.');
    stream.endInput();
    await clock.runUntil(10_000);
    await out.done;
    expect(out.got.every(([, a]) => a.frame.data.every((v) => v === 0) && a.frame.sampleRate === 16000)).toBe(
      true,
    );
    const times = [...new Set(out.got.map(([t]) => t))];
    // Two sentences: each starts with its own ttfb wait, so there are two gaps of at least 100 ms.
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(times[0]).toBe(100);
    expect(gaps.filter((g) => g >= 100)).toHaveLength(1);
  });

  it('stops when its signal aborts, leaving no timer', async () => {
    const clock = new VirtualClock(0);
    const tts = new ScriptedVoiceTTS(config({ ttfbMs: 100, realTimeFactor: 1 }), { clock });
    const ctrl = new AbortController();
    const stream = tts.stream({ signal: ctrl.signal });
    const out = drain(stream, clock);
    stream.pushText(sentence);
    stream.endInput();
    await clock.runUntil(700);
    ctrl.abort();
    await stream.close();
    await out.done;
    const audioMs = out.got.reduce((s, [, a]) => s + frameDurationMs(a.frame), 0);
    expect(audioMs).toBeGreaterThan(0);
    expect(audioMs).toBeLessThan(1000);
    expect(tts.openStreams()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });
});
