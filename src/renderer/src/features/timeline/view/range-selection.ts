/**
 * A time range selected from outside the timeline (a latency segment): the view moves to show it
 * with room around it, and the painter shades it across every lane with its edges marked.
 */
import type { TimelineRange } from '../../../store/timeline-view-slice';
import * as vp from './timeline-viewport';

/** The selected range takes this share of the window when the view moves to it. */
const RANGE_SHARE = 0.5;
/** A range shorter than this is shown in a window of at least this, ms. */
const MIN_WINDOW_MS = 1_000;

/** The viewport that shows `range` centred, at a scale where it fills half the window. */
export function viewForRange(view: vp.Viewport, range: TimelineRange): vp.Viewport {
  const span = Math.max(range.endMs - range.startMs, 0);
  const windowMs = Math.max(span / RANGE_SHARE, MIN_WINDOW_MS);
  const center = (range.startMs + range.endMs) / 2;
  return vp.fitRange(view, center - windowMs / 2, center + windowMs / 2);
}

/** Shades the range and draws its edges; px from the plot's left edge. */
export function drawRangeSelection(
  ctx: CanvasRenderingContext2D,
  view: vp.Viewport,
  range: TimelineRange,
  heightPx: number,
): { x0: number; x1: number } {
  const x0 = vp.xAt(view, range.startMs);
  const x1 = Math.max(vp.xAt(view, range.endMs), x0 + 1);
  ctx.fillStyle = 'rgba(79,140,255,0.16)';
  ctx.fillRect(x0, 0, x1 - x0, heightPx);
  ctx.fillStyle = '#4f8cff';
  ctx.fillRect(Math.round(x0) - 1, 0, 2, heightPx);
  ctx.fillRect(Math.round(x1) - 1, 0, 2, heightPx);
  return { x0, x1 };
}

const SELECTION_ATTRIBUTES = ['selectionStartMs', 'selectionEndMs', 'selectionX0', 'selectionX1'] as const;

/**
 * Paints the selected range (if any) and mirrors it on `body`'s data attributes (session ms and
 * px from the plot's left edge), which tests read; clears them when nothing is selected.
 */
export function paintRangeSelection(
  ctx: CanvasRenderingContext2D,
  view: vp.Viewport,
  range: TimelineRange | null,
  heightPx: number,
  body: HTMLElement,
): void {
  if (!range) {
    for (const k of SELECTION_ATTRIBUTES) delete body.dataset[k];
    return;
  }
  const { x0, x1 } = drawRangeSelection(ctx, view, range, heightPx);
  body.dataset.selectionStartMs = String(Math.round(range.startMs));
  body.dataset.selectionEndMs = String(Math.round(range.endMs));
  body.dataset.selectionX0 = x0.toFixed(1);
  body.dataset.selectionX1 = x1.toFixed(1);
}
