import { describe, expect, it } from 'vitest';
import { makeFrame, type AudioFrame } from '../engine/audio/frame';
import { tapAudioInput } from './tapped-audio-input';

describe('tapAudioInput', () => {
  it('hands each frame the engine reads to the listener with its start time; read jitter is snapped away', async () => {
    const frames = [1, 2, 3, 4].map((v) => makeFrame(new Int16Array(160).fill(v), 16000)); // 10 ms each
    const readAt = [10, 21, 29, 100]; // the third is read early, the fourth after a gap
    let now = 0;
    let i = 0;
    const input = {
      label: 'fake',
      async *[Symbol.asyncIterator](): AsyncGenerator<AudioFrame> {
        for (const f of frames) {
          now = readAt[i++];
          yield f;
        }
      },
    };
    const seen: Array<[number, number]> = [];
    const tapped = tapAudioInput(input, { now: () => now }, (t, f) => seen.push([t, f.data[0]]));
    expect(tapped.label).toBe('fake');
    const read: number[] = [];
    for await (const f of tapped) read.push(f.data[0]);
    expect(read).toEqual([1, 2, 3, 4]);
    expect(seen).toEqual([
      [0, 1],
      [10, 2],
      [20, 3],
      [90, 4],
    ]);
  });
});
