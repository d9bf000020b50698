import { describe, expect, it } from 'vitest';
import { makeFrame, type AudioFrame } from '../engine/audio/frame';
import { VirtualClock } from '../engine/base/virtual-clock';
import { PacedAudioOutput, type PcmChunk } from './paced-audio-output';

const RATE = 24000;
/** A 10 ms frame whose samples all equal `value`, so chunks can be traced back to frames. */
const frame = (value: number, ms = 10): AudioFrame =>
  makeFrame(new Int16Array((RATE * ms) / 1000).fill(value), RATE, 1);

function rig(opts: { canPause?: boolean; chunkMs?: number } = {}) {
  const clock = new VirtualClock(0);
  const chunks: Array<PcmChunk & { t: number }> = [];
  const clears: number[] = [];
  const out = new PacedAudioOutput(clock, {
    ...opts,
    onChunk: (c) => chunks.push({ ...c, t: clock.instantMs }),
    onClear: () => clears.push(clock.instantMs),
  });
  const finished: Array<{ t: number; positionMs: number; interrupted: boolean }> = [];
  const started: number[] = [];
  out.on('playback_started', () => started.push(clock.instantMs));
  out.on('playback_finished', (ev) =>
    finished.push({ t: clock.instantMs, positionMs: ev.playbackPositionMs, interrupted: ev.interrupted }),
  );
  const push = async (n: number, value = 1) => {
    for (let i = 0; i < n; i++) await out.captureFrame(frame(value));
  };
  const msOf = (cs: PcmChunk[]) => cs.reduce((n, c) => n + (c.data.length / c.sampleRate) * 1000, 0);
  return { clock, out, chunks, clears, finished, started, push, msOf };
}

describe('PacedAudioOutput', () => {
  it('plays a flushed segment in real time and forwards its PCM as it plays, a chunk ahead', async () => {
    const { clock, out, chunks, finished, started, push, msOf } = rig({ chunkMs: 100 });
    await push(100); // 1 s of audio at once, as a fast TTS delivers it
    out.flush();
    expect(started).toEqual([0]);
    expect(msOf(chunks)).toBe(100); // only what is due within the lead
    await clock.runUntil(500);
    expect(out.positionMs).toBe(500);
    const forwarded = msOf(chunks);
    expect(forwarded).toBeGreaterThanOrEqual(550);
    expect(forwarded).toBeLessThanOrEqual(600);
    // ~50 ms chunks, never more than the lead
    for (const c of chunks.slice(1)) expect(msOf([c])).toBeLessThanOrEqual(100);
    await clock.runUntil(2000);
    expect(finished).toEqual([{ t: 1000, positionMs: 1000, interrupted: false }]);
    expect(msOf(chunks)).toBe(1000);
    expect(out.busy).toBe(false);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('clearBuffer returns the played position, tells the listener, drops the rest and ignores late frames', async () => {
    const { clock, out, chunks, clears, finished, push, msOf } = rig();
    await push(100);
    await clock.runUntil(300);
    const pos = out.clearBuffer();
    expect(pos).toBe(300);
    expect(clears).toEqual([300]);
    expect(finished).toEqual([{ t: 300, positionMs: 300, interrupted: true }]);
    const sent = msOf(chunks);
    await push(10); // the rest of the cleared segment, still arriving: dropped
    await clock.runUntil(2000);
    expect(msOf(chunks)).toBe(sent);
    expect(out.busy).toBe(false);
    out.flush();
    await push(5); // a new segment plays normally
    out.flush();
    await clock.runUntil(3000);
    expect(finished.at(-1)).toEqual({ t: 2050, positionMs: 50, interrupted: false });
    expect(await out.waitForPlayout()).toMatchObject({ playbackPositionMs: 50 });
  });

  it('pause holds the position and stops forwarding; resume continues where it stopped', async () => {
    const { clock, out, chunks, finished, push, msOf } = rig();
    await push(100);
    out.flush();
    await clock.runUntil(400);
    out.pause();
    const sentAtPause = msOf(chunks);
    await clock.runUntil(2400);
    expect(out.positionMs).toBe(400);
    expect(msOf(chunks)).toBe(sentAtPause);
    expect(finished).toEqual([]);
    out.resume();
    await clock.runUntil(5000);
    expect(finished).toEqual([{ t: 3000, positionMs: 1000, interrupted: false }]);
    expect(msOf(chunks)).toBe(1000);
  });

  it('a segment paused before its first frame starts playing at resume', async () => {
    const { clock, out, started, finished, push } = rig();
    out.pause();
    await push(20);
    out.flush();
    await clock.runUntil(1000);
    expect(started).toEqual([]);
    out.resume();
    await clock.runUntil(2000);
    expect(started).toEqual([1000]);
    expect(finished).toEqual([{ t: 1200, positionMs: 200, interrupted: false }]);
  });

  it('without canPause, pause is ignored (the engine interrupts instead)', async () => {
    const { clock, out, push } = rig({ canPause: false });
    expect(out.canPause).toBe(false);
    await push(50);
    out.flush();
    await clock.runUntil(100);
    out.pause();
    await clock.runUntil(300);
    expect(out.positionMs).toBe(300);
  });

  it('queues segments: each gets its own finish, in order, and keeps chunks in order', async () => {
    const { clock, out, chunks, finished, push } = rig();
    await push(20, 1);
    out.flush();
    await push(30, 2);
    out.flush();
    await clock.runUntil(1000);
    expect(finished).toEqual([
      { t: 200, positionMs: 200, interrupted: false },
      { t: 500, positionMs: 300, interrupted: false },
    ]);
    const values = chunks.flatMap((c) => [...new Set(c.data)]);
    expect(values.indexOf(2)).toBeGreaterThan(values.lastIndexOf(1));
  });

  it('keeps playing across an underrun without losing position', async () => {
    const { clock, out, finished, push } = rig();
    await push(10); // 100 ms
    await clock.runUntil(300); // ran dry at 100
    expect(out.positionMs).toBe(100);
    await push(10);
    out.flush();
    await clock.runUntil(1000);
    expect(finished).toEqual([{ t: 400, positionMs: 200, interrupted: false }]);
  });

  describe('tap (the recorder): only what played', () => {
    /** 1 s of 10 ms frames, frame k (from 0) filled with k + 1, so every sample names its offset. */
    function tapRig() {
      const r = rig({ chunkMs: 100 });
      const tapped: Array<PcmChunk & { at: number }> = [];
      r.out.tap((c) => tapped.push({ ...c, at: r.clock.instantMs }));
      const push = async () => {
        for (let k = 0; k < 100; k++) await r.out.captureFrame(frame(k + 1));
      };
      /** Every tapped sample as [event time of the sample, its segment offset in ms]. */
      const timeline = () =>
        tapped.flatMap((c) =>
          [...c.data].map((v, i) => [c.tMs + (i * 1000) / RATE, (v - 1) * 10 + (((i * 1000) / RATE) % 10)]),
        );
      return { ...r, tapped, push, timeline };
    }
    const samplesIn = (ms: number) => (RATE * ms) / 1000;

    it('a clear mid-chunk hands on exactly the samples played before it, although more was forwarded', async () => {
      const { clock, out, chunks, tapped, push, msOf } = tapRig();
      await push();
      out.flush();
      await clock.runUntil(305);
      expect(msOf(chunks)).toBeGreaterThan(305); // the renderer got its lead ahead of the clear
      expect(out.clearBuffer()).toBe(305);
      await clock.runUntil(2000);
      const data = Int16Array.from(tapped.flatMap((c) => [...c.data]));
      const expected = Int16Array.from(
        { length: samplesIn(305) },
        (_, i) => Math.floor(i / samplesIn(10)) + 1,
      );
      expect(data).toEqual(expected);
      expect(tapped[0].tMs).toBeCloseTo(0, 1); // the clock's reads step by 1 µs
      // Contiguous on the clock: each chunk starts where the previous one ended.
      for (let i = 1; i < tapped.length; i++)
        expect(tapped[i].tMs).toBeCloseTo(tapped[i - 1].tMs + (tapped[i - 1].data.length * 1000) / RATE, 1);
      // Nothing is handed on before it played.
      for (const c of tapped) expect(c.tMs + (c.data.length * 1000) / RATE).toBeLessThanOrEqual(c.at + 0.01);
    });

    it('a played-out segment reaches the tap whole, at its times', async () => {
      const { clock, out, tapped, push, timeline } = tapRig();
      await push();
      out.flush();
      await clock.runUntil(2000);
      expect(tapped.reduce((n, c) => n + c.data.length, 0)).toBe(samplesIn(1000));
      for (const [t, offset] of timeline()) expect(t).toBeCloseTo(offset, 1);
    });

    it('after a pause, the rest is timed from the resume', async () => {
      const { clock, out, push, timeline } = tapRig();
      await push();
      out.flush();
      await clock.runUntil(400);
      out.pause();
      await clock.runUntil(2400);
      out.resume();
      await clock.runUntil(5000);
      const samples = timeline();
      expect(samples).toHaveLength(samplesIn(1000));
      for (const [t, offset] of samples) expect(t).toBeCloseTo(offset < 400 ? offset : offset + 2000, 1);
    });

    it('cleared while paused: nothing after the paused position; dispose mid-play: nothing after the position', async () => {
      const a = tapRig();
      await a.push();
      a.out.flush();
      await a.clock.runUntil(420);
      a.out.pause();
      await a.clock.runUntil(900);
      expect(a.out.clearBuffer()).toBe(420);
      expect(a.tapped.reduce((n, c) => n + c.data.length, 0)).toBe(samplesIn(420));

      const b = tapRig();
      await b.push();
      b.out.flush();
      await b.clock.runUntil(250);
      b.out.dispose();
      expect(b.tapped.reduce((n, c) => n + c.data.length, 0)).toBe(samplesIn(250));
    });
  });

  it('dispose leaves no timer behind', async () => {
    const { clock, out, push } = rig();
    await push(100);
    out.flush();
    out.dispose();
    expect(out.busy).toBe(false);
    expect(clock.pendingTimerCount()).toBe(0);
  });
});
