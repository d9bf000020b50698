import { describe, expect, it } from 'vitest';
import { makeFrame, type AudioFrame } from '../engine/audio/frame';
import { VirtualClock } from '../engine/base/virtual-clock';
import { RoomAudioOutput, type RoomAudioSink } from './livekit-output';
import type { PcmChunk } from './paced-audio-output';

const RATE = 24000;
const frame = (value: number, ms = 10): AudioFrame =>
  makeFrame(new Int16Array((RATE * ms) / 1000).fill(value), RATE, 1);
const msOf = (cs: PcmChunk[]) => cs.reduce((n, c) => n + (c.data.length / c.sampleRate) * 1000, 0);

/** A fake AudioSource: records what it accepted; `hold` makes writes wait (back-pressure). */
function fakeSource() {
  const accepted: Array<PcmChunk & { t: number }> = [];
  const clears: number[] = [];
  let release: (() => void) | null = null;
  const state = { hold: false, fail: false };
  const make = (clock: VirtualClock): RoomAudioSink => ({
    write: async (chunk) => {
      if (state.fail) throw new Error('room closed');
      if (state.hold) await new Promise<void>((r) => (release = r));
      accepted.push({ ...chunk, t: clock.instantMs });
    },
    clear: () => clears.push(clock.instantMs),
  });
  return { accepted, clears, state, make, release: () => release?.() };
}

function rig() {
  const clock = new VirtualClock(0);
  const src = fakeSource();
  const errors: unknown[] = [];
  const out = new RoomAudioOutput(clock, src.make(clock), {
    chunkMs: 100,
    onWriteError: (e) => errors.push(e),
  });
  const started: number[] = [];
  const finished: Array<{ t: number; positionMs: number; interrupted: boolean }> = [];
  out.on('playback_started', () => started.push(clock.instantMs));
  out.on('playback_finished', (ev) =>
    finished.push({ t: clock.instantMs, positionMs: ev.playbackPositionMs, interrupted: ev.interrupted }),
  );
  const push = async (n: number, value = 1) => {
    for (let i = 0; i < n; i++) await out.captureFrame(frame(value));
  };
  return { clock, out, src, errors, started, finished, push };
}

describe('RoomAudioOutput', () => {
  it('paces the speech into the room a chunk ahead and reports start and finish at the played position', async () => {
    const { clock, out, src, started, finished, push } = rig();
    await push(100); // 1 s at once
    out.flush();
    await out.writesSettled();
    expect(started).toEqual([0]);
    expect(msOf(src.accepted)).toBe(100);
    await clock.runUntil(500);
    await out.writesSettled();
    expect(out.positionMs).toBe(500);
    expect(msOf(src.accepted)).toBeGreaterThanOrEqual(550);
    expect(msOf(src.accepted)).toBeLessThanOrEqual(600);
    await clock.runUntil(1500);
    await out.writesSettled();
    expect(finished).toEqual([{ t: 1000, positionMs: 1000, interrupted: false }]);
    expect(msOf(src.accepted)).toBe(1000);
    expect(out.busy).toBe(false);
  });

  it('clearBuffer stops at the played position, clears the source and drops writes not yet accepted', async () => {
    const { clock, out, src, finished, push } = rig();
    await push(100);
    out.flush();
    await clock.runUntil(300);
    await out.writesSettled();
    const before = msOf(src.accepted);
    src.state.hold = true; // the room is slow: the next chunks wait
    await clock.runUntil(400);
    expect(out.pendingWrites).toBeGreaterThan(0);
    expect(out.clearBuffer()).toBe(400);
    expect(src.clears).toEqual([400]);
    src.state.hold = false;
    src.release();
    await out.writesSettled();
    // Only the one write that had already started got through; nothing queued after the clear.
    expect(msOf(src.accepted) - before).toBeLessThanOrEqual(100);
    expect(finished).toEqual([{ t: 400, positionMs: 400, interrupted: true }]);
    await clock.runUntil(2000);
    expect(out.busy).toBe(false);
    // The next speech is a new segment and plays again.
    await push(5);
    out.flush();
    await clock.runUntil(3000);
    await out.writesSettled();
    expect(finished.at(-1)).toEqual({ t: 2050, positionMs: 50, interrupted: false });
  });

  it('a failed write (closed room) is reported once; playback keeps its pace so the session goes on', async () => {
    const { clock, out, src, errors, finished, push } = rig();
    src.state.fail = true;
    await push(50);
    out.flush();
    await clock.runUntil(1000);
    await out.writesSettled();
    expect(errors).toHaveLength(1);
    expect(finished).toEqual([{ t: 500, positionMs: 500, interrupted: false }]);
  });

  it('pause holds the position and the writes; resume continues', async () => {
    const { clock, out, src, finished, push } = rig();
    await push(50);
    out.flush();
    await clock.runUntil(200);
    out.pause();
    await out.writesSettled();
    const held = msOf(src.accepted);
    await clock.runUntil(1200);
    expect(out.positionMs).toBe(200);
    expect(msOf(src.accepted)).toBe(held);
    out.resume();
    await clock.runUntil(2000);
    await out.writesSettled();
    expect(finished).toEqual([{ t: 1500, positionMs: 500, interrupted: false }]);
    expect(msOf(src.accepted)).toBe(500);
  });
});
