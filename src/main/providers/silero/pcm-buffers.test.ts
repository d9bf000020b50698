import { describe, expect, it } from 'vitest';
import { SampleQueue, SpeechBuffer } from './pcm-buffers';

const seq = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);

describe('SampleQueue', () => {
  it('is a FIFO across growth and compaction', () => {
    const q = new SampleQueue<Int16Array>((n) => new Int16Array(n));
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      const n = 300 + ((round * 97) % 900);
      const start = next;
      q.push(Int16Array.from({ length: n }, (_, i) => (start + i) % 30000));
      next += n;
      const out = q.take(700);
      for (const v of out) expect(v).toBe(expected++ % 30000);
    }
    expect(q.length).toBe(next - expected);
    expect(q.take(1e9).length).toBe(next - expected);
    expect(q.length).toBe(0);
    expect(q.take(5).length).toBe(0);
  });
});

describe('SampleQueue.takeView', () => {
  it('hands out the queued samples without a copy, valid until the next push', () => {
    const q = new SampleQueue<Int16Array>((n) => new Int16Array(n));
    q.push(seq(0, 10));
    const view = q.takeView(4);
    expect(Array.from(view)).toEqual([0, 1, 2, 3]);
    expect(q.length).toBe(6);
    const copy = q.take(6);
    expect(Array.from(copy)).toEqual([4, 5, 6, 7, 8, 9]);
    // Emptied: the next push reuses the storage the view looks at; the copy is unaffected.
    q.push(seq(100, 4));
    expect(Array.from(view)).toEqual([100, 101, 102, 103]);
    expect(Array.from(copy)).toEqual([4, 5, 6, 7, 8, 9]);
  });
});

describe('SpeechBuffer', () => {
  it('keeps only the prefix while silent and reports truncation once', () => {
    const b = new SpeechBuffer(10, 4);
    expect(b.append(seq(0, 6))).toBe(false);
    b.keepPrefix();
    expect(Array.from(b.snapshot())).toEqual([2, 3, 4, 5]);
    expect(b.append(seq(6, 4))).toBe(false);
    expect(b.append(seq(10, 5))).toBe(true);
    expect(b.append(seq(15, 5))).toBe(false);
    expect(Array.from(b.snapshot())).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    b.keepPrefix();
    expect(Array.from(b.snapshot())).toEqual([8, 9, 10, 11]);
    expect(b.append(seq(20, 7))).toBe(true);
  });

  it('resizes keeping the start of the utterance', () => {
    const b = new SpeechBuffer(10, 2);
    b.append(seq(0, 10));
    b.resize(6, 2);
    expect(Array.from(b.snapshot())).toEqual([0, 1, 2, 3, 4, 5]);
    b.resize(8, 3);
    expect(b.append(seq(6, 2))).toBe(false);
    expect(Array.from(b.snapshot())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    b.keepPrefix();
    expect(Array.from(b.snapshot())).toEqual([5, 6, 7]);
  });
});
