import { describe, expect, it } from 'vitest';
import { labelWidth, RectBatch } from './draw-frame';

/** Records the canvas calls a batch makes. */
function recorder() {
  const calls: string[] = [];
  const ctx = {
    set fillStyle(v: string) {
      calls.push(`fill ${v}`);
    },
    beginPath: () => calls.push('begin'),
    rect: (x: number, y: number, w: number, h: number) => calls.push(`rect ${x} ${y} ${w} ${h}`),
    fill: () => calls.push('paint'),
  };
  return { calls, ctx: ctx as unknown as CanvasRenderingContext2D };
}

describe('RectBatch', () => {
  it('merges touching rectangles of one color and row, and paints each color once', () => {
    const { calls, ctx } = recorder();
    const b = new RectBatch();
    b.add('red', 0, 0, 0.2, 10);
    b.add('red', 0.1, 0, 0.2, 10);
    b.add('red', 0.6, 0, 1, 10);
    b.add('red', 5, 0, 1, 10);
    b.add('blue', 1, 0, 1, 10);
    b.add('red', 6, 20, 1, 10);
    b.flush(ctx);
    expect(calls).toEqual([
      'fill red',
      'begin',
      'rect 0 0 1.6 10',
      'rect 5 0 1 10',
      'rect 6 20 1 10',
      'paint',
      'fill blue',
      'begin',
      'rect 1 0 1 10',
      'paint',
    ]);
    calls.length = 0;
    b.flush(ctx);
    expect(calls).toEqual([]);
  });

  it('estimates label widths, capped', () => {
    expect(labelWidth('abc', 100)).toBeCloseTo(3 * 6.2 + 6, 6);
    expect(labelWidth('x'.repeat(100), 50)).toBe(50);
  });
});
