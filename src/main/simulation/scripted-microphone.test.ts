/**
 * Why: the runner feeds long silent frames (RUN_INPUT_FRAME_MS) and reuses one frame object; this
 * pins the cadence at any length, the shared silence, and the refusal of a frame length that
 * would never advance.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/base/virtual-clock';
import { ScriptedMicrophone } from './scripted-microphone';
import { RUN_INPUT_FRAME_MS } from './scenario-runner';

async function framesOver(frameMs: number, untilMs: number) {
  const clock = new VirtualClock();
  const input = new ScriptedMicrophone(clock, frameMs);
  const seen: Array<{ t: number; samples: number; silent: boolean; data: Int16Array }> = [];
  const reader = (async () => {
    for await (const f of input)
      seen.push({
        t: clock.instantMs,
        samples: f.samplesPerChannel,
        silent: f.data.every((s) => s === 0),
        data: f.data,
      });
  })();
  input.start();
  await clock.runUntil(untilMs);
  input.stop();
  await reader;
  expect(clock.pendingTimerCount()).toBe(0);
  return { seen, sent: input.framesSent };
}

describe('scripted microphone', () => {
  it('sends one silent frame of the runner length per frame length, the same silence each time', async () => {
    const { seen, sent } = await framesOver(RUN_INPUT_FRAME_MS, 3 * RUN_INPUT_FRAME_MS + 1);
    expect(seen.map((f) => f.t)).toEqual([0, 1, 2, 3].map((i) => i * RUN_INPUT_FRAME_MS));
    expect(sent).toBe(4);
    expect(seen.every((f) => f.silent && f.samples === (16000 * RUN_INPUT_FRAME_MS) / 1000)).toBe(true);
    expect(new Set(seen.map((f) => f.data)).size).toBe(1);
  });

  it('keeps the live 10 ms cadence by default', async () => {
    const clock = new VirtualClock();
    expect(new ScriptedMicrophone(clock).frameMs).toBe(10);
    const { seen } = await framesOver(10, 25);
    expect(seen.map((f) => [f.t, f.samples])).toEqual([
      [0, 160],
      [10, 160],
      [20, 160],
    ]);
  });

  it('refuses a frame length that is not a positive number of ms', () => {
    const clock = new VirtualClock();
    for (const bad of [0, -10, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => new ScriptedMicrophone(clock, bad)).toThrow(/frameMs must be a positive number of ms/);
  });
});
