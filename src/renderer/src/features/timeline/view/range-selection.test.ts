import { describe, expect, it } from 'vitest';
import { viewForRange } from './range-selection';
import * as vp from './timeline-viewport';

describe('viewForRange', () => {
  const view = vp.defaultViewport(1000);

  it('centres a segment at half the window', () => {
    const next = viewForRange(view, { startMs: 10_000, endMs: 12_000, label: 'x' });
    const from = next.startMs;
    const to = vp.endMs(next);
    expect((from + to) / 2).toBeCloseTo(11_000, 0);
    expect(from).toBeLessThan(10_000);
    expect(to).toBeGreaterThan(12_000);
    expect(to - from).toBeGreaterThan(4_000);
  });

  it('keeps a very short segment inside a readable window', () => {
    const next = viewForRange(view, { startMs: 5_000, endMs: 5_002, label: 'x' });
    expect(next.startMs).toBeLessThan(5_000);
    expect(vp.endMs(next)).toBeGreaterThan(5_002);
    expect(vp.endMs(next) - next.startMs).toBeGreaterThanOrEqual(1_000);
  });
});
