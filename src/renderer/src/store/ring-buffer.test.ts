import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest items once full, oldest first', () => {
    const rb = new RingBuffer<number>(3);
    rb.pushMany([1, 2, 3, 4, 5]);
    expect(rb.size).toBe(3);
    expect(rb.totalPushed).toBe(5);
    expect(rb.toArray()).toEqual([3, 4, 5]);
    expect(rb.at(0)).toBe(3);
    expect(rb.at(3)).toBeUndefined();
  });

  it('returns the newest N on request', () => {
    const rb = new RingBuffer<string>(4);
    rb.pushMany(['a', 'b', 'c']);
    expect(rb.toArray(2)).toEqual(['b', 'c']);
    expect(rb.toArray(10)).toEqual(['a', 'b', 'c']);
    expect(rb.toArray(0)).toEqual([]);
  });

  it('clears to empty', () => {
    const rb = new RingBuffer<number>(2);
    rb.pushMany([1, 2, 3]);
    rb.clear();
    expect(rb.size).toBe(0);
    expect(rb.totalPushed).toBe(0);
    expect(rb.toArray()).toEqual([]);
  });

  it('rejects a useless capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
