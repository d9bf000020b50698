/**
 * Painters of the signal lanes: user and agent state, VAD probability, transcripts and
 * end-of-turn decisions, and the marker lane of config changes.
 */
import type { AgentState, UserState } from '../../../../../shared/engine-events';
import { decimate } from '../model/point-series';
import type { SpanIndex } from '../model/span-index';
import type { EotMark, StateSpan } from '../model/timeline-types';
import type { LaneBox } from '../view/lane-layout';
import { formatDuration } from '../view/timeline-viewport';
import { type DrawFrame, fitText, labelWidth, px, RectBatch, spanPx } from './draw-frame';
import { AGENT_COLORS, COLORS, USER_COLORS } from './palette';

/** A silence longer than this between VAD samples breaks the line instead of ramping across. */
export const VAD_GAP_MS = 300;

function drawStates<S extends string>(
  f: DrawFrame,
  box: LaneBox,
  spans: SpanIndex<StateSpan<S>>,
  colors: Record<S, string>,
): void {
  const { ctx } = f;
  const y = box.top + 3;
  const h = box.height - 6;
  const rects = new RectBatch();
  const labels: [string, number, number][] = [];
  spans.query(f.from, f.to, (s) => {
    const [x, w] = spanPx(f, s.start, s.end);
    rects.add(colors[s.state], x, y, w, h);
    if (w > 40) labels.push([s.state, x, w]);
  });
  rects.flush(ctx);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const [state, x, w] of labels) {
    ctx.fillStyle = state === 'speaking' || state === 'thinking' ? '#0b0d10' : COLORS.text;
    fitText(ctx, state, x, y + h / 2, w);
  }
}

export function drawUser(f: DrawFrame, box: LaneBox): void {
  drawStates<UserState>(f, box, f.model.user, USER_COLORS);
}

export function drawAgent(f: DrawFrame, box: LaneBox): void {
  drawStates<AgentState>(f, box, f.model.agent, AGENT_COLORS);
}

export function drawVad(f: DrawFrame, box: LaneBox): void {
  const { ctx, model, view } = f;
  const top = box.top + 4;
  const h = box.height - 8;
  const yOf = (p: number) => top + (1 - Math.max(0, Math.min(1, p))) * h;
  const base = yOf(0);
  const cols = decimate(model.vad, f.from, f.to, view.msPerPx, VAD_GAP_MS);
  const offset = (f.from - view.startMs) / view.msPerPx;
  // Area first, then the outline over it; both follow each column's extremes.
  ctx.beginPath();
  let open = false;
  let lastX = 0;
  for (const c of cols) {
    const x = c.x + offset;
    if (c.breakBefore) {
      if (open) ctx.lineTo(lastX, base);
      ctx.moveTo(x, base);
      open = true;
    }
    ctx.lineTo(x, yOf(c.first));
    if (c.max !== c.min) {
      ctx.lineTo(x, yOf(c.max));
      ctx.lineTo(x, yOf(c.min));
    }
    ctx.lineTo(x, yOf(c.last));
    lastX = x;
  }
  if (open) ctx.lineTo(lastX, base);
  ctx.fillStyle = COLORS.vadFill;
  ctx.fill();
  ctx.strokeStyle = COLORS.vadLine;
  ctx.lineWidth = 1.25;
  ctx.stroke();

  const ty = Math.round(yOf(model.vadThreshold)) + 0.5;
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = COLORS.threshold;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, ty);
  ctx.lineTo(view.widthPx, ty);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = COLORS.threshold;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  ctx.fillText(`threshold ${model.vadThreshold.toFixed(2)}`, view.widthPx - 84, ty - 1);
}

export function drawTranscript(f: DrawFrame, box: LaneBox): void {
  const { ctx, model } = f;
  const top = box.top + 2;
  const bottom = box.top + box.height - 2;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';

  const eots = model.endOfTurns.within(f.from, f.to + 60_000);
  const [lo, hi] = model.transcripts.range(f.from - 30 * f.view.msPerPx, f.to);
  // Zoomed far out, marks closer than a few pixels are drawn as merged 1 px ticks: the same
  // picture at a fraction of the raster cost; the tooltip still names each one.
  if (hi - lo + eots.length > f.view.widthPx / 3) {
    const ticks = new RectBatch();
    for (let i = lo; i < hi; i++) {
      const m = model.transcripts.items[i];
      ticks.add(
        m.final ? COLORS.text : COLORS.muted,
        Math.round(px(f, m.t)),
        m.final ? top : top + 8,
        1,
        bottom - 14 - top,
      );
    }
    for (const eot of eots)
      ticks.add(eot.committed ? COLORS.ok : COLORS.muted, Math.round(px(f, eot.t)), bottom - 10, 2, 6);
    ticks.flush(ctx);
    return;
  }

  // End-of-turn decisions: a bracket from when the user stopped speaking to the decision (the
  // transcription delay is inside it), labelled with that span and the endpointing delay chosen.
  let eotLabelEnd = -Infinity;
  for (const eot of eots) {
    if (eot.startAt > f.to) break;
    const x1 = px(f, eot.t);
    const x0 = px(f, eot.startAt);
    const y = bottom - 6;
    ctx.strokeStyle = eot.committed ? COLORS.ok : COLORS.muted;
    ctx.setLineDash(eot.committed ? [] : [3, 3]);
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x0, y - 4);
    ctx.lineTo(x0, y);
    ctx.lineTo(x1, y);
    ctx.lineTo(x1, y - 8);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = eot.committed ? COLORS.ok : COLORS.muted;
    ctx.textBaseline = 'bottom';
    const label = eotLabel(eot);
    if (x0 > eotLabelEnd) {
      fitText(ctx, label, x0, y - 1, 120);
      eotLabelEnd = x0 + labelWidth(label, 120);
    }
    ctx.textBaseline = 'top';
  }

  const items = model.transcripts.items;
  // Two paths (interim, final): one stroke each however many marks.
  const interim = new Path2D();
  const finals = new Path2D();
  const labels: [string, number, number][] = [];
  let labelEnd = -Infinity;
  for (let i = lo; i < hi; i++) {
    const m = items[i];
    const x = Math.round(px(f, m.t)) + 0.5;
    const path = m.final ? finals : interim;
    path.moveTo(x, m.final ? top : top + 8);
    path.lineTo(x, bottom - 14);
    // Labels only where they do not overlap the previous one; the tooltip has the rest.
    if (m.final && x > labelEnd) {
      const next = i + 1 < items.length ? px(f, items[i + 1].t) : f.view.widthPx;
      const width = Math.min(Math.max(next - x, 60), 260);
      labels.push([`“${m.text}”`, x, width]);
      labelEnd = x + labelWidth(m.text, width) + 12;
    }
  }
  ctx.lineWidth = 1;
  ctx.strokeStyle = COLORS.muted;
  ctx.stroke(interim);
  ctx.lineWidth = 2;
  ctx.strokeStyle = COLORS.text;
  ctx.stroke(finals);
  ctx.fillStyle = COLORS.text;
  for (const [text, x, width] of labels) fitText(ctx, text, x, top, width);
}

export function drawMarkers(f: DrawFrame, box: LaneBox): void {
  const { ctx, model, layout } = f;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const marks = model.markers.within(f.from - 100 * f.view.msPerPx, f.to);
  // Packed tighter than a few pixels, triangles and cross-lane lines are noise (and costly to
  // rasterize by the thousand): draw plain ticks and leave the details to the tooltip.
  const dense = marks.length > f.view.widthPx / 6;
  let labelEnd = -Infinity;
  const across = new Path2D();
  const ticks = new Map<string, Path2D>();
  const thin = new RectBatch();
  const labels: [string, number][] = [];
  // The session's end is labelled first, so the labels around it make room for it.
  let end: [string, number] | null = null;
  for (const m of marks) {
    const x = Math.round(px(f, m.t)) + 0.5;
    const color =
      m.kind === 'error'
        ? COLORS.danger
        : m.kind === 'warning'
          ? COLORS.warn
          : m.kind === 'config'
            ? COLORS.config
            : m.kind === 'close'
              ? COLORS.end
              : COLORS.muted;
    if (dense) {
      thin.add(color, x - 0.5, box.top + 3, 1, box.height - 6);
      continue;
    }
    // Config changes and handoffs matter to every lane: a faint line runs across all of them.
    if (m.kind === 'config' || m.kind === 'handoff' || m.kind === 'provider') {
      across.moveTo(x, layout.boxes[0].top);
      across.lineTo(x, box.top);
    }
    let tick = ticks.get(color);
    if (!tick) ticks.set(color, (tick = new Path2D()));
    tick.moveTo(x, box.top + 3);
    tick.lineTo(x + 5, box.top + 9);
    tick.lineTo(x, box.top + 15);
    tick.lineTo(x, box.top + 3);
    tick.rect(x - 0.5, box.top + 3, 1, box.height - 6);
    if (m.kind === 'close') end = [m.label, x];
    else if (x > labelEnd) {
      labels.push([m.label, x]);
      labelEnd = x + 4 + labelWidth(m.label, 140);
    }
  }
  thin.flush(ctx);
  ctx.strokeStyle = 'rgba(199,146,234,0.28)';
  ctx.lineWidth = 1;
  ctx.setLineDash([2, 4]);
  ctx.stroke(across);
  ctx.setLineDash([]);
  for (const [color, tick] of ticks) {
    ctx.fillStyle = color;
    ctx.fill(tick);
  }
  ctx.fillStyle = COLORS.text;
  for (const [label, x] of end ? [end, ...labels] : labels)
    fitText(ctx, label, x + 4, box.top + box.height / 2 + 1, 140, x);
}

/** "EOT 1.2 s (wait 500 ms)": the span the decision took, and the delay the detector chose when it differs. */
export function eotLabel(eot: EotMark): string {
  const spanMs = eot.t - eot.startAt;
  const wait = Math.abs(spanMs - eot.delayMs) >= 1 ? ` (wait ${formatDuration(eot.delayMs)})` : '';
  return `EOT ${formatDuration(spanMs)}${wait}${eot.committed ? '' : ' (not taken)'}`;
}
