import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReplayAudio, toChannels, windowStart, WINDOW_MS, type AudioWindow } from './replay-audio';
import { ReplayClock } from './replay-clock';

/** A Web Audio stand-in: records each source's start(when, offset), buffer and rate. */
class FakeContext {
  state = 'running';
  currentTime = 0;
  destination = {};
  /** The context time heard at performance time `performanceTime` (ms). */
  stamp = { contextTime: 10, performanceTime: 5000 };
  started: { when: number; offset: number; rate: number; duration: number; gain: { value: number } }[] = [];
  createGain() {
    return { gain: { value: 1 }, connect() {}, disconnect() {} };
  }
  createBuffer(channels: number, frames: number, sampleRate: number) {
    return {
      numberOfChannels: channels,
      length: frames,
      sampleRate,
      duration: frames / sampleRate,
      copyToChannel() {},
    };
  }
  createBufferSource() {
    const started = this.started;
    const node = {
      buffer: null as { duration: number } | null,
      playbackRate: { value: 1 },
      gain: null as { gain: { value: number } } | null,
      onended: null,
      connect(g: { gain: { value: number } }) {
        node.gain = g;
      },
      disconnect() {},
      start(when: number, offset: number) {
        started.push({
          when,
          offset,
          rate: node.playbackRate.value,
          duration: node.buffer!.duration,
          gain: node.gain!.gain,
        });
      },
      stop() {},
    };
    return node;
  }
  getOutputTimestamp() {
    return this.stamp;
  }
  private stateListeners = new Set<() => void>();
  addEventListener(type: string, fn: () => void) {
    if (type === 'statechange') this.stateListeners.add(fn);
  }
  removeEventListener(type: string, fn: () => void) {
    this.stateListeners.delete(fn);
  }
  /** The context starting (or stopping) to run, as a resume() ends. */
  setState(state: string) {
    this.state = state;
    for (const fn of this.stateListeners) fn();
  }
  resume() {
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

let perfNow = 5000;
beforeEach(() => {
  perfNow = 5000;
  vi.spyOn(performance, 'now').mockImplementation(() => perfNow);
});
afterEach(() => vi.restoreAllMocks());

const flush = () => new Promise((r) => setTimeout(r, 0));

function rig() {
  const ctx = new FakeContext();
  const clock = new ReplayClock(0, 60_000, () => performance.now());
  const fetched: string[] = [];
  const fetchAudio = (track: 'user' | 'agent', fromT: number, durationMs: number): Promise<AudioWindow> => {
    fetched.push(`${track}@${fromT}`);
    return Promise.resolve({
      sampleRate: 16000,
      channels: 1,
      startT: fromT,
      pcm: new Int16Array((durationMs * 16000) / 1000),
    });
  };
  const audio = new ReplayAudio(ctx as unknown as AudioContext, clock, fetchAudio, ['user', 'agent']);
  return { ctx, clock, audio, fetched };
}

describe('ReplayAudio', () => {
  it('schedules each window at the context time heard when the playhead reaches its first sample', async () => {
    const { ctx, clock, audio, fetched } = rig();
    clock.seek(3_500);
    clock.play();
    await flush();
    // Windows on the 2 s grid from the playhead's window, 4 s ahead.
    expect(fetched).toEqual([
      'user@2000',
      'user@4000',
      'user@6000',
      'agent@2000',
      'agent@4000',
      'agent@6000',
    ]);
    const user = ctx.started.slice(0, 3);
    // The window holding the playhead starts now (contextTime 10 s at perf 5000) 1.5 s into it;
    // the next ones start exactly when the playhead gets there: 0.5 s and 2.5 s later.
    expect(user[0].when).toBeCloseTo(10, 6);
    expect(user[0].offset).toBeCloseTo(1.5, 6);
    expect(user[1].when).toBeCloseTo(10.5, 6);
    expect(user[1].offset).toBe(0);
    expect(user[2].when).toBeCloseTo(12.5, 6);
    audio.dispose();
  });

  it('at 2x the windows come twice as fast and play at rate 2; a seek replans from the new playhead', async () => {
    const { ctx, clock, audio } = rig();
    clock.setSpeed(2);
    clock.play();
    await flush();
    const firstTwo = ctx.started.filter((_, i) => i < 2);
    expect(firstTwo.map((s) => [s.when, s.rate])).toEqual([
      [10, 2],
      [11, 2],
    ]);
    ctx.started.length = 0;
    perfNow += 250; // the playhead is at 500 ms; the output clock moved 0.25 s too
    ctx.stamp = { contextTime: 10.25, performanceTime: 5250 };
    clock.seek(10_100);
    await flush();
    expect(ctx.started[0].when).toBeCloseTo(10.25, 6);
    // 100 ms into the window: the offset is in the buffer's own (event) time, whatever the speed.
    expect(ctx.started[0].offset).toBeCloseTo(0.1, 6);
    audio.dispose();
  });

  it('solo mutes the other track; pause schedules nothing more', async () => {
    const { ctx, clock, audio, fetched } = rig();
    audio.setMix('agent');
    clock.play();
    await flush();
    const gains = new Set(ctx.started.map((s) => s.gain));
    expect([...gains].map((g) => g.value).sort()).toEqual([0, 1]);
    clock.pause();
    const before = fetched.length;
    perfNow += 10_000;
    await new Promise((r) => setTimeout(r, 300));
    expect(fetched.length).toBe(before);
    audio.dispose();
  });

  it('a window already due starts at the render time, its offset moved on by the output latency', async () => {
    const { ctx, clock, audio } = rig();
    // Heard: context 10 s at perf 5000; rendered already up to 10.072 s (72 ms output latency).
    ctx.currentTime = 10.072;
    clock.seek(3_500);
    clock.play();
    await flush();
    const first = ctx.started[0];
    expect(first.when).toBeGreaterThanOrEqual(10.072);
    // The sample at `offset` is heard at `when`, when the playhead is at 3500 + (when - 10) s.
    expect(first.offset).toBeCloseTo(1.5 + (first.when - 10), 6);
    audio.dispose();
  });

  it('heardAt: the recording time of the sample at the output, from the output timestamp and the sources', async () => {
    const { ctx, clock, audio } = rig();
    ctx.currentTime = 10.072;
    clock.seek(3_500);
    expect(audio.heardAt()).toBeNull(); // paused: nothing heard
    clock.play();
    await flush();
    perfNow += 40; // the output reached 10.04 s: still before the first source starts
    ctx.stamp = { contextTime: 10.04, performanceTime: 5040 };
    expect(audio.heardAt()).toBeNull();
    perfNow += 260;
    ctx.stamp = { contextTime: 10.3, performanceTime: 5300 };
    expect(audio.heardAt()).toBeCloseTo(3_800, 6);
    expect(audio.heardAt()).toBeCloseTo(clock.position(), 6);
    // 1.7 s later the second window is the one heard.
    perfNow += 1_700;
    expect(audio.heardAt()).toBeCloseTo(5_500, 6);
    // A muted track is not heard; both muted, nothing is.
    audio.setMix('agent');
    expect(audio.heardAt()).toBeCloseTo(5_500, 6);
    ctx.state = 'suspended';
    expect(audio.heardAt()).toBeNull();
    audio.dispose();
  });

  it('a context that starts running while playing replans from the playhead', async () => {
    const { ctx, clock, audio } = rig();
    ctx.state = 'suspended';
    clock.play();
    await flush();
    expect(ctx.started[0].when).toBeCloseTo(10, 6);
    // The context only runs 300 ms later, its output then at 10.05 s.
    perfNow += 300;
    ctx.stamp = { contextTime: 10.05, performanceTime: 5300 };
    ctx.started.length = 0;
    ctx.setState('running');
    await flush();
    expect(ctx.started[0].when).toBeCloseTo(10.05, 6);
    expect(ctx.started[0].offset).toBeCloseTo(0.3, 6);
    audio.dispose();
  });

  it('converts PCM16 to float channels and puts windows on a grid', () => {
    const [l, r] = toChannels(Int16Array.from([16384, -32768, 0, 32767]), 2);
    expect(Array.from(l)).toEqual([0.5, 0]);
    expect(Array.from(r)).toEqual([-1, 32767 / 32768]);
    expect(windowStart(WINDOW_MS * 3 + 1)).toBe(WINDOW_MS * 3);
  });
});
