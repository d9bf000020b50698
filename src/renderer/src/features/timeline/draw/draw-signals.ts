/**
 * Painters of the signal lanes: user and agent state, VAD probability, transcripts and
 * end-of-turn decisions, and the marker lane of config changes.
 */
import type { AgentState, UserState } from '../../../../../shared/engine-events';
import { decimate } from '../model/point-series';
import type { SpanIndex } from '../model/span-index';
import type { StateSpan } from '../model/timeline-types';
import type { LaneBox } from '../view/lane-layout';
import { formatDuration } from '../view/timeline-viewport';
import { type DrawFrame, fitText, labelWidth, px, spanPx } from './draw-frame';
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
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  spans.query(f.from, f.to, (s) => {
    const [x, w] = spanPx(f, s.start, s.end);
    ctx.fillStyle = colors[s.state];
    ctx.fillRect(x, y, w, h);
    if (w > 40) {
      ctx.fillStyle = s.state === 'speaking' || s.state === 'thinking' ? '#0b0d10' : COLORS.text;
      fitText(ctx, s.state, x, y + h / 2, w);
    }
  });
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

  // End-of-turn decisions: a bracket over the delay the detector waited, ending at the decision.
  let eotLabelEnd = -Infinity;
  for (const eot of model.endOfTurns.within(f.from, f.to + 60_000)) {
    if (eot.t - eot.delayMs > f.to) break;
    const x1 = px(f, eot.t);
    const x0 = px(f, eot.t - eot.delayMs);
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
    const label = `EOT ${formatDuration(eot.delayMs)}${eot.committed ? '' : ' (not taken)'}`;
    if (x0 > eotLabelEnd) {
      fitText(ctx, label, x0, y - 1, 120);
      eotLabelEnd = x0 + labelWidth(label, 120);
    }
    ctx.textBaseline = 'top';
  }

  const [lo, hi] = model.transcripts.range(f.from - 30 * f.view.msPerPx, f.to);
  const items = model.transcripts.items;
  let labelEnd = -Infinity;
  for (let i = lo; i < hi; i++) {
    const m = items[i];
    const x = Math.round(px(f, m.t)) + 0.5;
    ctx.strokeStyle = m.final ? COLORS.text : COLORS.muted;
    ctx.lineWidth = m.final ? 2 : 1;
    ctx.beginPath();
    ctx.moveTo(x, m.final ? top : top + 8);
    ctx.lineTo(x, bottom - 14);
    ctx.stroke();
    // Labels only where they do not overlap the previous one; the tooltip has the rest.
    if (m.final && x > labelEnd) {
      const next = i + 1 < items.length ? px(f, items[i + 1].t) : f.view.widthPx;
      const width = Math.min(Math.max(next - x, 60), 260);
      ctx.fillStyle = COLORS.text;
      fitText(ctx, `“${m.text}”`, x, top, width);
      labelEnd = x + Math.min(width, m.text.length * 6.2 + 12);
    }
  }
}

export function drawMarkers(f: DrawFrame, box: LaneBox): void {
  const { ctx, model, layout } = f;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  let labelEnd = -Infinity;
  for (const m of model.markers.within(f.from - 100 * f.view.msPerPx, f.to)) {
    const x = Math.round(px(f, m.t)) + 0.5;
    const color =
      m.kind === 'error'
        ? COLORS.danger
        : m.kind === 'warning'
          ? COLORS.warn
          : m.kind === 'config'
            ? COLORS.config
            : COLORS.muted;
    // Config changes and handoffs matter to every lane: a faint line runs across all of them.
    if (m.kind === 'config' || m.kind === 'handoff' || m.kind === 'provider') {
      ctx.strokeStyle = 'rgba(199,146,234,0.28)';
      ctx.setLineDash([2, 4]);
      ctx.beginPath();
      ctx.moveTo(x, layout.boxes[0].top);
      ctx.lineTo(x, box.top);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.moveTo(x, box.top + 3);
    ctx.lineTo(x + 5, box.top + 9);
    ctx.lineTo(x, box.top + 15);
    ctx.closePath();
    ctx.fill();
    ctx.fillRect(x - 0.5, box.top + 3, 1, box.height - 6);
    if (x > labelEnd) {
      fitText(ctx, m.label, x + 4, box.top + box.height / 2 + 1, 140);
      labelEnd = x + 4 + labelWidth(m.label, 140);
    }
  }
}
