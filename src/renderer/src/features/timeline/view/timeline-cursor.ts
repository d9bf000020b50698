/**
 * The live view's cursor on the timeline: the time of the event row or mark last picked. Drawn
 * as a line (a replay draws its playhead instead), brought into view when it moves, and a
 * click on a mark picks that mark's event through the inspector's shared actions.
 */
import type { EngineEvent } from '../../../../../shared/engine-events';
import { pickEvent, pickRequest } from '../../inspector/inspect-actions';
import type { TimelineModel } from '../model/timeline-model';
import type { LaneLayout } from './lane-layout';
import { pickAt } from './mark-events';
import * as vp from './timeline-viewport';

export const CURSOR_COLOR = '#f5c542';

/** Draws the cursor line at `cursorMs` (none: null) and mirrors it on the body for tests. */
export function drawCursor(
  ctx: CanvasRenderingContext2D,
  view: vp.Viewport,
  cursorMs: number | null,
  height: number,
  body: HTMLElement,
): void {
  if (cursorMs === null) {
    delete body.dataset.cursorMs;
    return;
  }
  const x = vp.xAt(view, cursorMs);
  body.dataset.cursorMs = String(Math.round(cursorMs));
  if (x < -1 || x > view.widthPx + 1) return;
  ctx.fillStyle = CURSOR_COLOR;
  ctx.fillRect(Math.round(x) - 1, 0, 2, height);
}

/** The view moved so `t` shows (centered) when it is outside; the same view when inside. */
export function revealTime(view: vp.Viewport, t: number): vp.Viewport {
  if (t >= view.startMs && t <= vp.endMs(view)) return view;
  return { ...view, startMs: t - (view.widthPx * view.msPerPx) / 2 };
}

/**
 * A click at plot (x, y): opens the mark's event (or its LLM/TTS request) and moves the cursor.
 * Returns whether a mark was there.
 */
export function pickMarkAt(
  model: TimelineModel,
  layout: LaneLayout,
  view: vp.Viewport,
  x: number,
  y: number,
  events: readonly EngineEvent[],
): boolean {
  const pick = pickAt(model, layout, view, x, y, events);
  if (!pick) return false;
  if (pick.kind === 'request') pickRequest(pick.request, pick.t);
  else pickEvent(pick.event, pick.span ? vp.timeAt(view, x) : pick.event.t);
  return true;
}
