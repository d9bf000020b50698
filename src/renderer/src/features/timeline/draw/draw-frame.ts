/** What every lane painter needs for one frame, and the small helpers they share. */
import type { TimelineModel } from '../model/timeline-model';
import type { LaneLayout } from '../view/lane-layout';
import type { Viewport } from '../view/timeline-viewport';
import { LabelSpace } from './label-space';

export interface DrawFrame {
  ctx: CanvasRenderingContext2D;
  model: TimelineModel;
  view: Viewport;
  layout: LaneLayout;
  /** Visible window in session ms (a little wider than the plot, so labels enter smoothly). */
  from: number;
  to: number;
  /** The newest time: open spans are drawn up to here. */
  liveEdgeMs: number;
  cursorX: number | null;
  selectedToolId: string | null;
}

/** Session ms to plot x, clamped a little outside the plot so huge spans stay drawable. */
export function px(f: DrawFrame, t: number): number {
  const x = (t - f.view.startMs) / f.view.msPerPx;
  return Math.max(-10, Math.min(f.view.widthPx + 10, x));
}

/** x and width of a span, at least `minW` wide so a short event stays visible. */
export function spanPx(f: DrawFrame, start: number, end: number | null, minW = 1): [number, number] {
  const x0 = px(f, start);
  const x1 = px(f, end ?? f.liveEdgeMs);
  return [x0, Math.max(minW, x1 - x0)];
}

/** Average glyph width of the 11px label font, for painters that pre-filter their labels. */
const CHAR_PX = 6.2;

/** The labels placed on each canvas in the frame being painted (see `beginLabels`). */
const frameLabels = new WeakMap<CanvasRenderingContext2D, LabelSpace>();
/** Measured text widths per font; labels repeat from frame to frame. */
const widthCache = new Map<string, number>();

function measured(ctx: CanvasRenderingContext2D, text: string): number {
  const key = `${ctx.font}|${text}`;
  let w = widthCache.get(key);
  if (w === undefined) {
    if (widthCache.size > 20_000) widthCache.clear();
    w = ctx.measureText(text).width;
    widthCache.set(key, w);
  }
  return w;
}

/** Starts a frame's labels on `ctx`: later `fitText` calls place around the ones before. */
export function beginLabels(ctx: CanvasRenderingContext2D, widthPx: number): void {
  frameLabels.set(ctx, new LabelSpace(widthPx, (text) => measured(ctx, text)));
}

/**
 * Draws `text` in a box of `width` px from `x`, cut with an ellipsis to the room it has: clear of
 * the labels already drawn on its row this frame and inside the plot; nothing if under 3 glyphs
 * fit. `markX`: the point mark a label names, for a label drawn left of it when the right has
 * no room.
 */
export function fitText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  width: number,
  markX?: number,
): void {
  let space = frameLabels.get(ctx);
  if (!space) {
    space = new LabelSpace(ctx.canvas.width, (t) => measured(ctx, t));
    frameLabels.set(ctx, space);
  }
  const placed = space.place({ text, x, width, row: Math.round(y), markX });
  if (placed) ctx.fillText(placed.text, placed.x, y);
}

/** Width a label will take when cut to `max` px: lets painters skip labels that would overlap. */
export function labelWidth(text: string, max: number): number {
  return Math.min(max, text.length * CHAR_PX + 6);
}

/**
 * Collects filled rectangles per color and paints each color as one path. Zoomed out, thousands
 * of spans fall within a few pixels; touching rectangles of one color merge, so a frame costs
 * about one rectangle per pixel column instead of one canvas call per span.
 */
export class RectBatch {
  private readonly byColor = new Map<string, number[]>();

  add(color: string, x: number, y: number, w: number, h: number): void {
    let rects = this.byColor.get(color);
    if (!rects) {
      rects = [];
      this.byColor.set(color, rects);
    }
    const n = rects.length;
    if (n > 0 && rects[n - 3] === y && rects[n - 1] === h) {
      const lastX = rects[n - 4];
      const lastEnd = lastX + rects[n - 2];
      if (x >= lastX && x <= lastEnd + 0.5) {
        rects[n - 2] = Math.max(lastEnd, x + w) - lastX;
        return;
      }
    }
    rects.push(x, y, w, h);
  }

  flush(ctx: CanvasRenderingContext2D): void {
    for (const [color, r] of this.byColor) {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (let i = 0; i < r.length; i += 4) ctx.rect(r[i], r[i + 1], r[i + 2], r[i + 3]);
      ctx.fill();
    }
    this.byColor.clear();
  }
}
