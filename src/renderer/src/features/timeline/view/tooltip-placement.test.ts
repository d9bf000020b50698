import { describe, expect, it } from 'vitest';
import { placeTooltip, TOOLTIP_MARGIN_PX, TOOLTIP_OFFSET_PX } from './tooltip-placement';

const win = { width: 1024, height: 640 };
const tip = { width: 320, height: 120 };

function inside(p: { left: number; top: number }, size = tip, w = win): boolean {
  return p.left >= 0 && p.top >= 0 && p.left + size.width <= w.width && p.top + size.height <= w.height;
}

describe('placeTooltip', () => {
  it('opens below and right of the pointer where there is room', () => {
    expect(placeTooltip({ x: 100, y: 100 }, tip, win)).toEqual({
      left: 100 + TOOLTIP_OFFSET_PX,
      top: 100 + TOOLTIP_OFFSET_PX,
    });
  });

  it('opens left of the pointer near the right edge and above it near the bottom', () => {
    const p = placeTooltip({ x: 1000, y: 600 }, tip, win);
    expect(p).toEqual({ left: 1000 - TOOLTIP_OFFSET_PX - 320, top: 600 - TOOLTIP_OFFSET_PX - 120 });
    expect(inside(p)).toBe(true);
  });

  it('stays inside the window for every pointer position, even when the tip barely fits', () => {
    const big = { width: 600, height: 500 };
    for (let x = 0; x <= win.width; x += 16)
      for (let y = 0; y <= win.height; y += 16) {
        expect(inside(placeTooltip({ x, y }, tip, win))).toBe(true);
        expect(inside(placeTooltip({ x, y }, big, win), big)).toBe(true);
      }
  });

  it('a tooltip larger than the window keeps its top-left corner on screen', () => {
    expect(placeTooltip({ x: 50, y: 50 }, { width: 2000, height: 900 }, win)).toEqual({
      left: TOOLTIP_MARGIN_PX,
      top: TOOLTIP_MARGIN_PX,
    });
  });
});
