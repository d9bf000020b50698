import { describe, expect, it } from 'vitest';
import { PcmFramer } from './pcm-framer';

function pcmBytes(samples: number[]): Uint8Array {
  const b = new Uint8Array(samples.length * 2);
  const v = new DataView(b.buffer);
  samples.forEach((s, i) => v.setInt16(i * 2, s, true));
  return b;
}

describe('PcmFramer', () => {
  it('rebuilds samples split across chunks at odd byte boundaries', () => {
    // 1 kHz, 2 ms frames → 2 samples (4 bytes) per frame.
    const framer = new PcmFramer(1000, 1, 2);
    const bytes = pcmBytes([1, -2, 300, -32768, 32767]);
    const frames = [bytes.subarray(0, 3), bytes.subarray(3, 4), bytes.subarray(4)].flatMap((c) =>
      framer.push(c),
    );
    expect(frames.map((f) => [...f.data])).toEqual([
      [1, -2],
      [300, -32768],
    ]);
    const last = framer.flush();
    expect(last && [...last.data]).toEqual([32767]);
    expect(framer.flush()).toBeNull();
  });

  it('drops a dangling half sample at the end', () => {
    const framer = new PcmFramer(1000, 1, 10);
    framer.push(pcmBytes([5, 6]).subarray(0, 3));
    const f = framer.flush();
    expect(f?.samplesPerChannel).toBe(1);
    expect(f?.data[0]).toBe(5);
  });

  it('makes 20 ms frames at 24 kHz', () => {
    const framer = new PcmFramer(24000, 1, 20);
    const frames = framer.push(new Uint8Array(960 * 2 + 10));
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatchObject({ sampleRate: 24000, channels: 1, samplesPerChannel: 480 });
    expect(framer.flush()?.samplesPerChannel).toBe(5);
  });
});
