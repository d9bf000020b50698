import { describe, expect, it } from 'vitest';
import { SpanIndex, TimeList, lowerBound, upperBound } from './span-index';

type S = { start: number; end: number | null; id: string };

describe('SpanIndex', () => {
  it('finds closed spans overlapping a window, including a long one that began far before it', () => {
    const idx = new SpanIndex<S>();
    idx.add({ start: 0, end: 10_000, id: 'long' });
    for (let i = 1; i < 100; i++) idx.add({ start: i * 100, end: i * 100 + 50, id: `s${i}` });
    expect(idx.within(5_000, 5_120).map((s) => s.id)).toEqual(['long', 's50', 's51']);
    expect(idx.within(20_000, 30_000)).toEqual([]);
  });

  it('treats open spans as reaching the window, and closing keeps the first end', () => {
    const idx = new SpanIndex<S>();
    const open = idx.add({ start: 0, end: null, id: 'open' });
    idx.add({ start: 10, end: 20, id: 'short' });
    expect(idx.within(1_000, 2_000).map((s) => s.id)).toEqual(['open']);
    idx.close(open, 500);
    idx.close(open, 900);
    expect(open.end).toBe(500);
    expect(idx.within(1_000, 2_000)).toEqual([]);
    expect(idx.within(400, 2_000).map((s) => s.id)).toEqual(['open']);
  });

  it('keeps start order when a span arrives late', () => {
    const idx = new SpanIndex<S>();
    idx.add({ start: 10, end: 11, id: 'a' });
    idx.add({ start: 30, end: 31, id: 'c' });
    idx.add({ start: 20, end: 21, id: 'b' });
    expect(idx.items.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('closes everything still open at once', () => {
    const idx = new SpanIndex<S>();
    idx.add({ start: 1, end: null, id: 'a' });
    idx.add({ start: 2, end: null, id: 'b' });
    idx.closeAll(9);
    expect(idx.items.map((s) => s.end)).toEqual([9, 9]);
    expect([...idx.openItems()]).toEqual([]);
  });
});

describe('TimeList and bounds', () => {
  it('returns the marks inside a window, inclusive', () => {
    const list = new TimeList<{ t: number }>();
    for (const t of [5, 1, 3, 3, 9]) list.add({ t });
    expect(list.items.map((x) => x.t)).toEqual([1, 3, 3, 5, 9]);
    expect(list.within(3, 5).map((x) => x.t)).toEqual([3, 3, 5]);
    expect(list.range(10, 20)).toEqual([5, 5]);
  });

  it('lower and upper bounds bracket equal keys', () => {
    const xs = [1, 2, 2, 2, 3];
    expect(lowerBound(xs, 2, (x) => x)).toBe(1);
    expect(upperBound(xs, 2, (x) => x)).toBe(4);
    expect(lowerBound(xs, 0, (x) => x)).toBe(0);
    expect(upperBound(xs, 9, (x) => x)).toBe(5);
  });
});
