import { describe, expect, it } from 'vitest';
import {
  applyZoomFactorChange,
  defaultViewport,
  endMs,
  fitRange,
  followLive,
  axisTicks,
  formatDuration,
  formatTime,
  MAX_MS_PER_PX,
  MIN_MS_PER_PX,
  panBy,
  tickStep,
  ticks,
  timeAt,
  wheelZoomFactor,
  xAt,
  zoomAt,
} from './timeline-viewport';

describe('viewport math', () => {
  const v = { startMs: 0, msPerPx: 10, widthPx: 1000 };

  it('maps time and pixels both ways', () => {
    expect(endMs(v)).toBe(10_000);
    expect(xAt(v, 2_500)).toBe(250);
    expect(timeAt(v, 250)).toBe(2_500);
    expect(defaultViewport(500).msPerPx).toBe(40);
  });

  it('zooms around the anchor: the time under the pointer stays under it', () => {
    const z = zoomAt(v, 2, 250);
    expect(z.msPerPx).toBe(5);
    expect(timeAt(z, 250)).toBe(2_500);
    const back = zoomAt(z, 0.5, 250);
    expect(back).toEqual(v);
  });

  it('clamps the zoom at both ends', () => {
    expect(zoomAt(v, 1e9, 0).msPerPx).toBe(MIN_MS_PER_PX);
    expect(zoomAt(v, 1e-9, 0).msPerPx).toBe(MAX_MS_PER_PX);
    expect(zoomAt(v, 0, 0)).toBe(v);
  });

  it('pans opposite to the drag', () => {
    expect(panBy(v, 100).startMs).toBe(-1_000);
    expect(panBy(v, -100).startMs).toBe(1_000);
  });

  it('follows the live edge with a margin on the right', () => {
    const f = followLive(v, 60_000);
    expect(endMs(f)).toBeGreaterThan(60_000);
    expect(xAt(f, 60_000)).toBeCloseTo(920, 6);
  });

  it('while the session is shorter than the window, following starts the view at the session start', () => {
    const f = followLive(v, 3_000);
    expect(f.startMs).toBe(0);
    expect(xAt(f, 3_000)).toBeCloseTo(300, 6);
    // Zoomed far out, the view still starts at the session, never before it.
    expect(followLive({ ...v, msPerPx: 60_000 }, 100_000).startMs).toBe(0);
  });

  it('axis ticks are never before the session start, however far the view is zoomed or panned out', () => {
    const out = { startMs: -50_000, msPerPx: 100, widthPx: 1_000 };
    const t = axisTicks(out, 10_000);
    expect(t).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(axisTicks({ startMs: -90_000, msPerPx: 10, widthPx: 1_000 }, 1_000)).toEqual([]);
    expect(axisTicks({ startMs: 450, msPerPx: 10, widthPx: 300 }, 1_000)).toEqual([1_000, 2_000, 3_000]);
  });

  it('fits a range whole with a little padding', () => {
    const f = fitRange(v, 10_000, 60_000);
    expect(f.startMs).toBeLessThan(10_000);
    expect(endMs(f)).toBeGreaterThan(60_000);
    expect(endMs(f) - f.startMs).toBeCloseTo(52_000, 6);
  });

  it('applies the menu zoom factor as a ratio', () => {
    const z = applyZoomFactorChange(v, 1, 1.25, 500);
    expect(z.msPerPx).toBeCloseTo(8, 10);
    expect(timeAt(z, 500)).toBeCloseTo(5_000, 6);
    expect(applyZoomFactorChange(v, 1, 1, 0)).toBe(v);
  });

  it('turns wheel notches into symmetric zoom factors', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 10);
  });
});

describe('ticks and labels', () => {
  it('chooses a 1/2/5 step at least the minimum spacing apart', () => {
    expect(tickStep(10, 90)).toBe(1_000);
    expect(tickStep(1, 90)).toBe(100);
    expect(tickStep(30, 90)).toBe(5_000);
    expect(tickStep(0.1, 90)).toBe(10);
  });

  it('lists the ticks inside the viewport on step multiples', () => {
    expect(ticks({ startMs: 450, msPerPx: 10, widthPx: 300 }, 1_000)).toEqual([1_000, 2_000, 3_000]);
  });

  it('formats times as precisely as the step needs', () => {
    expect(formatTime(12_500, 1_000)).toBe('13 s');
    expect(formatTime(12_500, 500)).toBe('12.5 s');
    expect(formatTime(3_250, 10)).toBe('3.25 s');
    expect(formatTime(65_000, 60_000)).toBe('1:05');
    expect(formatTime(-500, 100)).toBe('-0.5 s');
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(2_345)).toBe('2.35 s');
  });
});
