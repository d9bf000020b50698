import { describe, expect, it } from 'vitest';
import type { AudioFrame } from '../engine/audio/frame';
import { MicFormatError, RendererMicInput } from './renderer-mic-input';

/** A 20 ms chunk at 16 kHz whose every sample is `tag`, so order is visible in the frames. */
const chunk = (tag: number, samples = 320): Int16Array => new Int16Array(samples).fill(tag);

function rig(opts: { maxQueuedMs?: number; warnEveryMs?: number } = {}) {
  let t = 0;
  const warnings: string[] = [];
  const input = new RendererMicInput({ now: () => t, onWarning: (m) => warnings.push(m), ...opts });
  return { input, warnings, advance: (ms: number) => void (t += ms) };
}

async function readAll(input: RendererMicInput): Promise<AudioFrame[]> {
  const out: AudioFrame[] = [];
  for await (const f of input) out.push(f);
  return out;
}

describe('RendererMicInput', () => {
  it('delivers pushed chunks in order, to a reader waiting or not, and ends after the queue on end()', async () => {
    const { input } = rig();
    input.push(chunk(1), 16000, 1);
    input.push(chunk(2), 16000, 1);
    const it = input[Symbol.asyncIterator]();
    expect((await it.next()).value?.data[0]).toBe(1);
    expect((await it.next()).value?.data[0]).toBe(2);
    const waiting = it.next();
    input.push(chunk(3), 16000, 1);
    const third = (await waiting).value as AudioFrame;
    expect(third).toMatchObject({ sampleRate: 16000, channels: 1, samplesPerChannel: 320 });
    expect(third.data[0]).toBe(3);
    input.push(chunk(4), 16000, 1);
    input.end();
    expect(input.push(chunk(5), 16000, 1)).toBe(false);
    expect((await it.next()).value?.data[0]).toBe(4);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(input.stats).toEqual({ received: 4, dropped: 0 });
  });

  it('a reader waiting when the input ends finishes', async () => {
    const { input } = rig();
    const all = readAll(input);
    input.push(chunk(7), 16000, 1);
    await Promise.resolve();
    input.end();
    expect((await all).map((f) => f.data[0])).toEqual([7]);
  });

  it('holds its bound: a slow engine loses the oldest audio, keeps the newest in order, and is warned (rate-limited)', async () => {
    const { input, warnings, advance } = rig({ maxQueuedMs: 100, warnEveryMs: 1000 });
    for (let i = 1; i <= 20; i++) {
      input.push(chunk(i), 16000, 1); // 20 ms each
      expect(input.bufferedMs).toBeLessThanOrEqual(100);
      advance(20);
    }
    // Only the newest 100 ms (five chunks) wait; the first drop warned at once, the rest are held back.
    expect(input.stats).toEqual({ received: 20, dropped: 15 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^microphone: the engine fell behind; dropped the 1 oldest audio chunk\(s\) to keep at most 100 ms queued$/,
    );
    advance(1000);
    input.push(chunk(21), 16000, 1);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('dropped the 15 oldest');
    input.end();
    expect((await readAll(input)).map((f) => f.data[0])).toEqual([17, 18, 19, 20, 21]);
  });

  it('the held-back drop count is reported when the input ends', () => {
    const { input, warnings } = rig({ maxQueuedMs: 40, warnEveryMs: 60_000 });
    for (let i = 0; i < 5; i++) input.push(chunk(i), 16000, 1);
    expect(warnings).toHaveLength(1);
    input.end();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain('dropped the 2 oldest');
  });

  it('refuses partial frames and a format change, and stays usable', async () => {
    const { input } = rig();
    expect(() => input.push(new Int16Array(3), 16000, 2)).toThrow(MicFormatError);
    expect(() => input.push(new Int16Array(0), 16000, 1)).toThrow(MicFormatError);
    input.push(chunk(1), 16000, 1);
    expect(() => input.push(chunk(2), 48000, 1)).toThrow(/changed from 16000 Hz × 1 to 48000 Hz × 1/);
    input.push(chunk(3), 16000, 1);
    input.end();
    expect((await readAll(input)).map((f) => f.data[0])).toEqual([1, 3]);
  });

  it('a reader that stops early ends the input', async () => {
    const { input } = rig();
    input.push(chunk(1), 16000, 1);
    input.push(chunk(2), 16000, 1);
    for await (const f of input) {
      expect(f.data[0]).toBe(1);
      break;
    }
    expect(input.ended).toBe(true);
    expect(input.bufferedMs).toBe(0);
  });
});
