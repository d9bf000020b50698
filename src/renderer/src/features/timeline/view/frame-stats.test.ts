import { describe, expect, it } from 'vitest';
import { FrameStats, percentile, summarize } from './frame-stats';

describe('frame stats', () => {
  it('computes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile([], 50)).toBe(0);
    expect(summarize([3, 1, 2])).toEqual({ frames: 3, medianMs: 2, p95Ms: 3, maxMs: 3 });
  });

  it('keeps a bounded window of recent frames', () => {
    const s = new FrameStats(3);
    for (const ms of [100, 1, 2, 3]) s.record(ms);
    expect(s.total).toBe(4);
    expect(s.summary().maxMs).toBe(3);
    s.reset();
    expect(s.summary().frames).toBe(0);
  });
});
