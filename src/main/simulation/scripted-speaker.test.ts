import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/base/virtual-clock';
import type { PlaybackFinishedEvent } from '../engine/voice/io';
import { ScriptedMicrophone } from './scripted-microphone';
import { ScriptedSpeaker } from './scripted-speaker';
import { silenceFrames } from '../engine/testing';

async function push(out: ScriptedSpeaker, ms: number, flush = true): Promise<void> {
  for (const f of silenceFrames(ms)) await out.captureFrame(f);
  if (flush) out.flush();
}

function watch(out: ScriptedSpeaker, clock: VirtualClock) {
  const log: string[] = [];
  out.on('playback_started', () => log.push(`${clock.instantMs} started`));
  out.on('playback_finished', (e: PlaybackFinishedEvent) =>
    log.push(
      `${clock.instantMs} finished ${Math.round(e.playbackPositionMs)}${e.interrupted ? ' interrupted' : ''}`,
    ),
  );
  return log;
}

describe('scripted speaker (format §4.5)', () => {
  it('A ms first captured at T finish at T + A', async () => {
    const clock = new VirtualClock();
    const out = new ScriptedSpeaker(clock, { canPause: false });
    const log = watch(out, clock);
    await clock.runUntil(3500);
    await push(out, 2000);
    const playout = out.waitForPlayout();
    await clock.runUntil(10000);
    expect(log).toEqual(['3500 started', '5500 finished 2000']);
    expect((await playout).playbackPositionMs).toBe(2000);
    expect(out.playbackFinished).toEqual([{ t: 5500, positionMs: 2000, interrupted: false }]);
  });

  it('clearBuffer finishes early with the played position; a second clear emits nothing', async () => {
    const clock = new VirtualClock();
    const out = new ScriptedSpeaker(clock, { canPause: false });
    const log = watch(out, clock);
    await clock.runUntil(3500);
    await push(out, 10000);
    await clock.runUntil(5500);
    out.clearBuffer();
    out.clearBuffer();
    await clock.runUntil(20000);
    expect(log).toEqual(['3500 started', '5500 finished 2000 interrupted']);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('pause holds the position and resume continues (canPause)', async () => {
    const clock = new VirtualClock();
    const out = new ScriptedSpeaker(clock, { canPause: true });
    expect(out.canPause).toBe(true);
    const log = watch(out, clock);
    await push(out, 1000);
    await clock.runUntil(400);
    out.pause();
    await clock.runUntil(2400);
    expect(out.positionMs).toBe(400);
    out.resume();
    await clock.runUntil(5000);
    expect(log).toEqual(['0 started', '3000 finished 1000']);
  });

  it('a reply paused before its first frame starts at the resume; cleared instead, its position is 0', async () => {
    const clock = new VirtualClock();
    const out = new ScriptedSpeaker(clock, { canPause: true });
    const log = watch(out, clock);
    await clock.runUntil(3500);
    out.pause();
    await clock.runUntil(4200);
    await push(out, 5000);
    await clock.runUntil(6100);
    out.resume();
    await clock.runUntil(20000);
    expect(log).toEqual(['6100 started', '11100 finished 5000']);

    out.pause();
    await push(out, 1000);
    out.clearBuffer();
    expect(log.slice(2)).toEqual(['20000 finished 0 interrupted']);
  });

  it('cannot pause when canPause is false', async () => {
    const clock = new VirtualClock();
    const out = new ScriptedSpeaker(clock, { canPause: false });
    await push(out, 1000);
    out.pause();
    await clock.runUntil(2000);
    expect(out.playbackFinished).toEqual([{ t: 1000, positionMs: 1000, interrupted: false }]);
  });

  it('segments queue: each gets its own start and finish', async () => {
    const clock = new VirtualClock();
    const out = new ScriptedSpeaker(clock, { canPause: false });
    const log = watch(out, clock);
    await push(out, 500);
    await push(out, 300);
    await clock.runUntil(2000);
    expect(log).toEqual(['0 started', '500 finished 500', '500 started', '800 finished 300']);
  });

  it('an underrun stalls the position until more audio arrives', async () => {
    const clock = new VirtualClock();
    const out = new ScriptedSpeaker(clock, { canPause: false });
    await push(out, 100, false);
    await clock.runUntil(300);
    expect(out.positionMs).toBe(100);
    await push(out, 100);
    await clock.runUntil(1000);
    expect(out.playbackFinished).toEqual([{ t: 400, positionMs: 200, interrupted: false }]);
  });
});

describe('scripted microphone', () => {
  it('pushes a silent frame at t = 0 and every frameMs, and leaves nothing behind when stopped', async () => {
    const clock = new VirtualClock();
    const input = new ScriptedMicrophone(clock, 10);
    const times: number[] = [];
    const reader = (async () => {
      for await (const f of input) {
        times.push(clock.instantMs);
        expect(f.samplesPerChannel).toBe(160);
      }
    })();
    input.start();
    await clock.runUntil(45);
    input.stop();
    await reader;
    expect(times).toEqual([0, 10, 20, 30, 40]);
    expect(clock.pendingTimerCount()).toBe(0);
  });
});
