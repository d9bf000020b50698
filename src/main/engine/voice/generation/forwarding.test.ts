import { describe, expect, it } from 'vitest';
import { frameDurationMs, makeFrame, silenceFrame, type AudioFrame } from '../../audio/frame';
import { Channel } from '../../base/channel';
import { cancelAndWait } from '../../base/tasks';
import { performAudioForwarding, performTextForwarding } from './forwarding';
import { LinearResampler } from '../../audio/resample';
import { RecordingAudioOutput, RecordingTextOutput, testEnv } from '../../testing/generation-rig';

describe('performAudioForwarding', () => {
  it('captures every frame, resolves the first-frame future with the playback start, and flushes', async () => {
    const env = testEnv();
    const sink = new RecordingAudioOutput(env.clock);
    const ch = new Channel<AudioFrame>();
    env.clock.setTimer(() => {
      for (let i = 0; i < 5; i++) ch.send(silenceFrame(10, 24000));
      ch.close();
    }, 250);
    const [task, out] = performAudioForwarding({ audioOutput: sink, ttsOutput: ch, env });
    await env.clock.runUntil(1000);
    await task.promise;
    expect(await out.firstFrameFut.promise).toBeCloseTo(250, 2);
    expect(out.audio).toHaveLength(5);
    expect(sink.frames).toHaveLength(5);
    expect(sink.frames[0].sampleRate).toBe(24000);
    expect(sink.flushes).toBe(1);
    expect(sink.resumes).toBe(1);
    expect(sink.listenerCount('playback_started')).toBe(0);
  });

  it('resamples only when the sink needs another rate', async () => {
    const env = testEnv();
    const sink = new RecordingAudioOutput(env.clock, 48000);
    const ch = new Channel<AudioFrame>();
    for (let i = 0; i < 10; i++) ch.send(silenceFrame(10, 24000));
    ch.close();
    const [task] = performAudioForwarding({ audioOutput: sink, ttsOutput: ch, env });
    await task.promise;
    expect(sink.frames.every((f) => f.sampleRate === 48000)).toBe(true);
    const total = sink.frames.reduce((a, f) => a + frameDurationMs(f), 0);
    expect(total).toBeCloseTo(100, 6);
  });

  it('rejects the first-frame future when cancelled before anything played', async () => {
    const env = testEnv();
    const sink = new RecordingAudioOutput(env.clock);
    const ch = new Channel<AudioFrame>();
    const [task, out] = performAudioForwarding({ audioOutput: sink, ttsOutput: ch, env });
    await env.clock.runUntil(50);
    expect(await cancelAndWait([task], env.clock, 100)).toBe(true);
    await expect(out.firstFrameFut.promise).rejects.toThrow(/no audio/);
    expect(out.firstFrameFut.result).toBeUndefined();
    expect(ch.closed).toBe(true);
    expect(sink.flushes).toBe(1);
  });
});

describe('LinearResampler', () => {
  it('interpolates across frame boundaries and keeps the length ratio', () => {
    const r = new LinearResampler(8000, 16000, 1);
    const a = r.push(makeFrame(Int16Array.from([0, 100, 200]), 8000));
    const b = r.push(makeFrame(Int16Array.from([300]), 8000));
    const c = r.flush();
    const samples = [...a, ...b, ...c].flatMap((f) => [...f.data]);
    expect(samples).toEqual([0, 50, 100, 150, 200, 250, 300, 300]);
  });

  it('downsamples stereo per channel', () => {
    const r = new LinearResampler(48000, 24000, 2);
    const input = Int16Array.from([0, 10, 1, 11, 2, 12, 3, 13]);
    const out = [...r.push(makeFrame(input, 48000, 2)), ...r.flush()].flatMap((f) => [...f.data]);
    expect(out).toEqual([0, 10, 2, 12]);
  });
});

describe('performTextForwarding', () => {
  it('forwards and collects the text, then flushes the output', async () => {
    const env = testEnv();
    const sink = new RecordingTextOutput();
    const [task, out] = performTextForwarding({
      textOutput: sink,
      source: (async function* () {
        yield 'Hel';
        yield 'lo';
      })(),
      env,
    });
    await task.promise;
    expect(out.text).toBe('Hello');
    expect(sink.texts).toEqual(['Hel', 'lo']);
    expect(sink.flushes).toBe(1);
    expect(out.firstTextFut.result).toBeUndefined();
    await expect(out.firstTextFut.promise).resolves.toBeUndefined();
  });

  it('collects text without an output and fails the first-text future when there was none', async () => {
    const env = testEnv();
    const [t1, o1] = performTextForwarding({
      textOutput: null,
      source: (async function* () {
        yield 'x';
      })(),
      env,
    });
    await t1.promise;
    expect(o1.text).toBe('x');
    const [t2, o2] = performTextForwarding({ textOutput: null, source: (async function* () {})(), env });
    await t2.promise;
    await expect(o2.firstTextFut.promise).rejects.toThrow(/no text/);
  });
});
