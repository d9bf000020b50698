import { describe, expect, it } from 'vitest';
import { decimate, PointSeries } from './point-series';

describe('PointSeries', () => {
  it('grows past its initial capacity and ignores samples older than the last', () => {
    const s = new PointSeries();
    for (let i = 0; i < 5_000; i++) s.push(i * 10, (i % 10) / 10);
    s.push(5, 1);
    expect(s.size).toBe(5_000);
    expect(s.timeAt(4_999)).toBe(49_990);
    expect(s.valueAt(3)).toBeCloseTo(0.3, 5);
    expect(s.lowerBound(25)).toBe(3);
    expect(s.nearest(26, 10)).toEqual({ t: 30, value: expect.closeTo(0.3, 5) });
    expect(s.nearest(100_000, 10)).toBeNull();
  });
});

describe('decimate', () => {
  it('reduces many samples to one column per pixel, keeping the extremes', () => {
    const s = new PointSeries();
    for (let t = 0; t < 1_000; t++) s.push(t, t % 2 === 0 ? 0.1 : 0.9);
    // 10 ms per pixel over 1 s: 100 columns, each with both extremes.
    const cols = decimate(s, 0, 999, 10, 100);
    expect(cols).toHaveLength(100);
    expect(cols[5]).toMatchObject({ x: 5, min: expect.closeTo(0.1, 5), max: expect.closeTo(0.9, 5) });
    expect(cols.filter((c) => c.breakBefore)).toHaveLength(1);
  });

  it('breaks the line across a gap in the samples', () => {
    const s = new PointSeries();
    for (const t of [0, 50, 100, 2_000, 2_050]) s.push(t, 1);
    const cols = decimate(s, 0, 3_000, 1, 300);
    expect(cols.map((c) => c.breakBefore)).toEqual([true, false, false, true, false]);
  });

  it('includes one sample either side of the window so the line reaches its edges', () => {
    const s = new PointSeries();
    for (const t of [0, 100, 200, 300]) s.push(t, 0.5);
    const cols = decimate(s, 150, 250, 1, 1_000);
    expect(cols.map((c) => c.x)).toEqual([-50, 50, 150]);
  });
});
