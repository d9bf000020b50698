import { describe, expect, it } from 'vitest';
import { FLIP_CLEARANCE_PX, LABEL_GAP_PX, LABEL_PAD_PX, LabelSpace, truncateToWidth } from './label-space';

/** Every glyph (the ellipsis too) 6 px wide. */
const measure = (s: string) => [...s].length * 6;

/** True when no two placed labels of a row share a pixel. */
function disjoint(spans: { x: number; width: number }[]): boolean {
  const sorted = [...spans].sort((a, b) => a.x - b.x);
  return sorted.every((s, i) => i === 0 || sorted[i - 1].x + sorted[i - 1].width <= s.x);
}

describe('truncateToWidth', () => {
  it('keeps a text that fits, cuts one that does not with an ellipsis, refuses under 3 glyphs', () => {
    expect(truncateToWidth('hello', 30, measure)).toBe('hello');
    expect(truncateToWidth('hello world', 36, measure)).toBe('hello…');
    expect(truncateToWidth('hello world', 17, measure)).toBeNull();
    expect(truncateToWidth('', 100, measure)).toBeNull();
  });
});

describe('LabelSpace', () => {
  it('places a label inside its box, padded', () => {
    const space = new LabelSpace(500, measure);
    expect(space.place({ text: 'LLM', x: 100, width: 60, row: 1 })).toEqual({
      text: 'LLM',
      x: 100 + LABEL_PAD_PX,
      width: 18,
    });
  });

  it('cuts a label short of the next one on its row and leaves out one with no room', () => {
    const space = new LabelSpace(500, measure);
    const b = space.place({ text: 'second label', x: 100, width: 200, row: 1 });
    // Placed earlier-in-time after a later one (painters do not always go left to right).
    const a = space.place({ text: 'first label that is long', x: 20, width: 300, row: 1 });
    expect(b).not.toBeNull();
    expect(a?.text.endsWith('…')).toBe(true);
    expect(a!.x + a!.width).toBeLessThanOrEqual(b!.x - LABEL_GAP_PX);
    expect(space.place({ text: 'third', x: 104, width: 200, row: 1 })).toBeNull();
    // Another row is another line of text: no collision.
    expect(space.place({ text: 'third', x: 104, width: 200, row: 2 })).not.toBeNull();
  });

  it('never lets a dense row of labels overlap', () => {
    const space = new LabelSpace(800, measure);
    const placed = [];
    for (let i = 0; i < 200; i++) {
      const p = space.place({ text: `mark number ${i}`, x: (i * 37) % 790, width: 140, row: 0 });
      if (p) placed.push(p);
    }
    expect(placed.length).toBeGreaterThan(5);
    expect(disjoint(placed)).toBe(true);
  });

  it('keeps labels inside the plot: a label off the left edge starts at 0 and keeps to its box', () => {
    const space = new LabelSpace(300, measure);
    const p = space.place({ text: 'thinking', x: -40, width: 100, row: 0 });
    expect(p?.x).toBe(0);
    expect(p!.x + p!.width).toBeLessThanOrEqual(-40 + 100 - LABEL_PAD_PX);
    const right = space.place({ text: 'speaking for a while', x: 250, width: 200, row: 1 });
    expect(right!.x + right!.width).toBeLessThanOrEqual(300);
  });

  it('puts a point mark’s label left of the mark when the right edge has no room', () => {
    const space = new LabelSpace(400, measure);
    const p = space.place({ text: 'closed: user', x: 396, width: 140, row: 0, markX: 392 });
    expect(p).toEqual({ text: 'closed: user', x: 392 - FLIP_CLEARANCE_PX - 72, width: 72 });
    // A span's label (no mark) is not flipped.
    expect(space.place({ text: 'speaking', x: 396, width: 140, row: 1 })).toBeNull();
  });
});
