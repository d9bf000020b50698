import { describe, expect, it } from 'vitest';
import { frameDurationMs, silenceFrame } from '../../audio/frame';
import { Channel } from '../../base/channel';
import { cancelAndWait } from '../../base/tasks';
import type { SynthesizedAudio } from '../../tts/tts';
import { collect, scriptedTtsNode, testEnv } from '../../testing/generation-rig';
import { performTtsInference } from './tts-inference';
import { FlushSentinel } from './types';

/** Text input that arrives on the clock: each [atMs, chunk]; the input ends at `endMs`. */
function timedInput(
  env: ReturnType<typeof testEnv>,
  items: [number, string | FlushSentinel][],
  endMs: number,
) {
  const ch = new Channel<string | FlushSentinel>();
  for (const [at, chunk] of items) env.clock.setTimer(() => ch.trySend(chunk), at);
  env.clock.setTimer(() => ch.close(), endMs);
  return ch;
}

describe('performTtsInference', () => {
  it('measures ttfb from the end of the text input and sums the audio duration', async () => {
    const env = testEnv();
    const state = { closed: 0, texts: [] as string[] };
    const [task, data] = performTtsInference({
      node: scriptedTtsNode(
        env.clock,
        () => ({ audioDurationMs: 2000, ttfbMs: 200, durationMs: 300 }),
        state,
      ),
      input: timedInput(
        env,
        [
          [0, 'Hello '],
          [100, 'world.'],
        ],
        300,
      ),
      modelSettings: {},
      env,
      speechId: 'speech_1',
      ttsLabel: 'fake.TTS',
      ttsVoice: 'alloy',
    });
    const frames = collect(data.audioCh);
    await env.clock.runUntil(2000);
    expect(await task.promise).toBe(true);

    const got = await frames;
    expect(got.reduce((a, f) => a + frameDurationMs(f), 0)).toBeCloseTo(2000, 6);
    // The request inspector reads the voice from the start and the audio length from the end.
    const req = env.of('tts_request');
    expect(req[0]).toMatchObject({ phase: 'start', provider: 'fake.TTS', voice: 'alloy' });
    const end = req.at(-1);
    expect(end?.phase).toBe('end');
    expect(end?.audioMs).toBeCloseTo(2000, 6);
    expect(state.texts).toEqual(['Hello world.']);
    expect(await data.firstFrameFut.promise).toBeCloseTo(500, 2);
    // upstream tts_node_ttfb: from the first text to the first frame
    expect(data.ttfbMs).toBeCloseTo(500, 2);

    const metrics = env.of('metrics_collected').map((e) => e.metrics);
    expect(metrics).toHaveLength(1);
    const m = metrics[0];
    if (m.type !== 'tts') throw new Error('expected tts metrics');
    expect(m.ttfbMs).toBeCloseTo(200, 2);
    expect(m.durationMs).toBeCloseTo(300, 2);
    expect(m).toMatchObject({
      audioDurationMs: 2000,
      charactersCount: 12,
      speechId: 'speech_1',
      label: 'fake.TTS',
      streamed: true,
    });
    expect(env.of('tts_request').map((e) => [e.phase, e.t])).toEqual([
      ['start', 0],
      ['first_byte', 500],
      ['end', 600],
    ]);
    expect(env.of('tts_request')[2]).toMatchObject({ text: 'Hello world.' });
    expect(env.clock.pendingTimerCount()).toBe(0);
    expect(await data.timedTextsFut.promise).not.toBeNull();
  });

  it('runs one TTS request per flushed segment and offsets nothing between them', async () => {
    const env = testEnv();
    const state = { closed: 0, texts: [] as string[] };
    const flush = new FlushSentinel();
    const [task, data] = performTtsInference({
      node: scriptedTtsNode(
        env.clock,
        (t) => ({ audioDurationMs: t.length * 100, ttfbMs: 50, durationMs: 50 }),
        state,
      ),
      input: timedInput(
        env,
        [
          [0, 'One.'],
          [10, flush],
          [20, 'Two!!'],
        ],
        30,
      ),
      modelSettings: {},
      env,
    });
    const frames = collect(data.audioCh);
    await env.clock.runUntil(2000);
    expect(await task.promise).toBe(true);
    expect(state.texts).toEqual(['One.', 'Two!!']);
    const metrics = env.of('metrics_collected').map((e) => e.metrics);
    expect(metrics.map((m) => (m.type === 'tts' ? [m.audioDurationMs, m.charactersCount] : null))).toEqual([
      [400, 4],
      [500, 5],
    ]);
    expect((await frames).length).toBe(90);
  });

  it('stops the node and ends the audio channel when cancelled, without metrics', async () => {
    const env = testEnv();
    const state = { closed: 0, texts: [] as string[] };
    const input = new Channel<string | FlushSentinel>();
    input.send('A long story');
    const [task, data] = performTtsInference({
      node: scriptedTtsNode(env.clock, () => ({ audioDurationMs: 1000, ttfbMs: 200 }), state),
      input,
      modelSettings: {},
      env,
    });
    const frames = collect(data.audioCh);
    await env.clock.runUntil(100);
    const stopped = cancelAndWait([task], env.clock, 1000);
    await env.clock.runUntil(110);
    expect(await stopped).toBe(true);
    expect(state.closed).toBe(1);
    expect(await frames).toEqual([]);
    await expect(data.firstFrameFut.promise).rejects.toThrow();
    expect(input.closed).toBe(true);
    expect(env.of('metrics_collected')).toHaveLength(0);
    expect(env.of('tts_request').at(-1)).toMatchObject({ phase: 'end', error: 'cancelled' });
    expect(env.clock.pendingTimerCount()).toBe(0);
  });

  it('emits the metrics at the final frame of a provider stream and forwards aligned text', async () => {
    const env = testEnv();
    const [task, data] = performTtsInference({
      node: async function* (text) {
        for await (const _ of text) void _;
        const a: SynthesizedAudio = {
          frame: silenceFrame(100, 24000),
          requestId: 'tts_abc',
          segmentId: 's',
          isFinal: false,
          deltaText: 'Hi',
        };
        yield a;
        yield { ...a, isFinal: true, deltaText: ' you' };
      },
      input: (async function* () {
        yield 'Hi you';
      })(),
      modelSettings: {},
      env,
    });
    const timed = await data.timedTextsFut.promise;
    const words = collect(timed!);
    const frames = collect(data.audioCh);
    await env.clock.runUntil(10);
    expect(await task.promise).toBe(true);
    expect((await frames).length).toBe(2);
    expect(await words).toEqual([
      { text: 'Hi', startTimeMs: 0 },
      { text: ' you', startTimeMs: 100 },
    ]);
    expect(env.of('metrics_collected')[0].metrics).toMatchObject({
      type: 'tts',
      requestId: 'tts_abc',
      audioDurationMs: 200,
    });
  });

  it('times the ttfb and the final metrics at later frames when audio came before any text', async () => {
    const env = testEnv();
    const sleep = (ms: number) => new Promise<void>((r) => env.clock.setTimer(r, ms));
    const frame: SynthesizedAudio = {
      frame: silenceFrame(100, 24000),
      requestId: 'tts_early',
      segmentId: 's',
      isFinal: false,
    };
    const [task, data] = performTtsInference({
      node: async function* (text) {
        yield frame; // audio before the first text: no ttfb yet
        for await (const _ of text) void _;
        await sleep(50);
        yield frame; // the first frame after text came: the ttfb
        await sleep(70);
        yield { ...frame, isFinal: true }; // the metrics' moment
      },
      input: timedInput(env, [[100, 'Hello']], 130),
      modelSettings: {},
      env,
    });
    const frames = collect(data.audioCh);
    await env.clock.runUntil(1000);
    expect(await task.promise).toBe(true);
    expect((await frames).length).toBe(3);
    expect(await data.firstFrameFut.promise).toBe(0);
    expect(data.ttfbMs).toBe(80); // text at 100, next frame at 130 + 50
    const metrics = env.of('metrics_collected').map((e) => e.metrics);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ type: 'tts', timestamp: 250, audioDurationMs: 300 });
  });

  it('reports a node failure as an error event', async () => {
    const env = testEnv();
    const [task, data] = performTtsInference({
      // eslint-disable-next-line require-yield -- a node that fails before producing audio
      node: async function* (text) {
        for await (const _ of text) void _;
        throw new Error('tts down');
      },
      input: (async function* () {
        yield 'x';
      })(),
      modelSettings: {},
      env,
    });
    expect(await task.promise).toBe(false);
    expect(data.audioCh.closed).toBe(true);
    expect(env.of('error')).toMatchObject([{ source: 'tts', message: 'tts down' }]);
    expect(env.of('tts_request').at(-1)).toMatchObject({ phase: 'end', error: 'tts down' });
  });
});
