import { describe, expect, it } from 'vitest';
import { makeFrame, type AudioFrame } from '../../engine/audio/frame';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { BasicSentenceTokenizer } from '../../engine/tokenize';
import type { SynthesizedAudio } from '../../engine/tts/tts';
import { LocalSynthesizeStream, type StreamDeps, type TtsMetrics } from './synthesize-stream';

const RATE = 1000; // 10 samples = 10 ms frames keep the arithmetic readable

/**
 * A fake engine on the virtual clock: each text takes `ttfbMs` before its first frame, then
 * yields one 10 ms frame per word, each stamped with the text's index in its first sample.
 */
function fakeDeps(clock: VirtualClock, ttfbMs = 30) {
  const spoken: string[] = [];
  const metrics: TtsMetrics[] = [];
  let running = 0;
  const deps: StreamDeps = {
    clock,
    label: 'test.local',
    tokenizer: new BasicSentenceTokenizer({ minSentenceLength: 1, streamContextLength: 1 }),
    onMetrics: (m) => metrics.push(m),
    async *synthesize(text: string, signal: AbortSignal): AsyncGenerator<AudioFrame> {
      const index = spoken.push(text) - 1;
      running += 1;
      try {
        await clock.sleep(ttfbMs, signal);
        for (let w = 0; w < text.split(' ').length; w++) {
          const data = new Int16Array(10).fill(index);
          yield makeFrame(data, RATE);
          await clock.sleep(1, signal);
        }
      } finally {
        running -= 1;
      }
    },
  };
  return { deps, spoken, metrics, running: () => running };
}

async function collect(
  clock: VirtualClock,
  stream: LocalSynthesizeStream,
  limitMs = 10_000,
): Promise<{ items: SynthesizedAudio[]; error: unknown }> {
  const items: SynthesizedAudio[] = [];
  let done = false;
  let error: unknown;
  const reader = (async () => {
    try {
      for await (const a of stream) items.push(a);
    } catch (err) {
      error = err;
    } finally {
      done = true;
    }
  })();
  await clock.runUntilDone(() => done, limitMs);
  await reader;
  return { items, error };
}

describe('LocalSynthesizeStream', () => {
  it('speaks pushed text sentence by sentence, in order, with one final frame per segment', async () => {
    const clock = new VirtualClock();
    const f = fakeDeps(clock);
    const s = new LocalSynthesizeStream('req1', f.deps);
    for (const chunk of ['The first ', 'sentence. The sec', 'ond one is here! And', ' a third?'])
      s.pushText(chunk);
    s.endInput();
    const { items, error } = await collect(clock, s);
    expect(error).toBeUndefined();
    expect(f.spoken).toEqual(['The first sentence.', 'The second one is here!', 'And a third?']);
    // Frames come out grouped by sentence, sentences in the order they were written.
    expect(items.map((i) => i.frame.data[0])).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(items.every((i) => i.requestId === 'req1' && i.segmentId === 'req1_seg1')).toBe(true);
    expect(items.map((i) => i.isFinal)).toEqual([...Array(10).fill(false), true]);
  });

  it('starts a new segment at flush and reports one metric per segment on the injected clock', async () => {
    const clock = new VirtualClock(1000);
    const f = fakeDeps(clock, 40);
    const s = new LocalSynthesizeStream('req2', f.deps);
    s.pushText('Hello there.');
    s.flush();
    await clock.advance(100);
    s.pushText('Goodbye now.');
    s.endInput();
    const { items } = await collect(clock, s);
    expect([...new Set(items.map((i) => i.segmentId))]).toEqual(['req2_seg1', 'req2_seg2']);
    expect(items.filter((i) => i.isFinal).map((i) => i.segmentId)).toEqual(['req2_seg1', 'req2_seg2']);
    expect(f.metrics).toHaveLength(2);
    const [m1, m2] = f.metrics;
    // Segment 1: text at 1000, first frame 40 ms later, two 10 ms frames with a 1 ms gap each.
    expect(m1).toMatchObject({
      type: 'tts',
      requestId: 'req2',
      ttfbMs: 40,
      durationMs: 42,
      audioDurationMs: 20,
      cancelled: false,
      charactersCount: 'Hello there.'.length,
      streamed: true,
      label: 'test.local',
      timestamp: 1042,
    });
    expect(m2).toMatchObject({ ttfbMs: 40, audioDurationMs: 20, timestamp: 1142, cancelled: false });
  });

  it('close stops the running synthesis, drops the rest and reports the segment as cancelled', async () => {
    const clock = new VirtualClock();
    const f = fakeDeps(clock, 50);
    const s = new LocalSynthesizeStream('req3', f.deps);
    s.pushText('One two three four five six. Seven eight nine.');
    s.endInput();
    await clock.advance(52); // first sentence is speaking
    expect(f.running()).toBe(1);
    await s.close();
    expect(f.running()).toBe(0);
    const { items } = await collect(clock, s);
    expect(items.length).toBeLessThan(6);
    expect(items.some((i) => i.isFinal)).toBe(false);
    expect(f.spoken).toEqual(['One two three four five six.']);
    expect(f.metrics).toHaveLength(1);
    expect(f.metrics[0].cancelled).toBe(true);
    expect(clock.pendingTimerCount()).toBe(0);
    expect(() => s.pushText('ignored after close')).not.toThrow();
  });

  it('an abort of the signal given at creation ends the stream like close', async () => {
    const clock = new VirtualClock();
    const f = fakeDeps(clock, 50);
    const ctrl = new AbortController();
    const s = new LocalSynthesizeStream('req4', f.deps, ctrl.signal);
    s.pushText('Some words to say.');
    s.endInput();
    await clock.advance(10);
    ctrl.abort();
    const { items, error } = await collect(clock, s);
    expect(error).toBeUndefined();
    expect(items).toEqual([]);
    expect(f.running()).toBe(0);
  });

  it('an engine failure ends the iteration with that error', async () => {
    const clock = new VirtualClock();
    const f = fakeDeps(clock);
    f.deps.synthesize = async function* () {
      yield makeFrame(new Int16Array(10), RATE);
      throw new Error('engine crashed');
    };
    const s = new LocalSynthesizeStream('req5', f.deps);
    s.pushText('Hi.');
    s.endInput();
    const { error } = await collect(clock, s);
    expect((error as Error).message).toBe('engine crashed');
    expect(f.metrics[0]).toMatchObject({ cancelled: true, audioDurationMs: 10 });
  });

  it('refuses text after endInput, and an empty stream ends without audio or metrics', async () => {
    const clock = new VirtualClock();
    const f = fakeDeps(clock);
    const s = new LocalSynthesizeStream('req6', f.deps);
    s.endInput();
    expect(() => s.pushText('late')).toThrow(/after endInput/);
    const { items } = await collect(clock, s);
    expect(items).toEqual([]);
    expect(f.metrics).toEqual([]);
  });
});
