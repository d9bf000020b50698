/**
 * Painters of the agent's activity lanes: the speech queue, LLM/TTS requests, tool calls,
 * interruptions and preemptive generations.
 */
import { retriesNear } from '../model/timeline-model';
import type { SpeechBar } from '../model/timeline-types';
import { type LaneBox, rowBand } from '../view/lane-layout';
import {
  displayRow,
  isOverflowRow,
  placeSpeechLabels,
  speechBand,
  speechRowViewIn,
  type PlacedBar,
} from '../view/speech-rows';
import { endMs } from '../view/timeline-viewport';
import { type DrawFrame, fitText, labelWidth, px, RectBatch, spanPx } from './draw-frame';
import { COLORS, SPEECH_PHASE_COLORS } from './palette';

/** Short name of a speech's source for its label. */
export function sourceLabel(source: SpeechBar['source']): string {
  switch (source) {
    case 'say':
      return 'say';
    case 'generate_reply':
      return 'reply';
    case 'tool_response':
      return 'tool reply';
    case 'realtime':
      return 'realtime';
    default:
      return 'speech';
  }
}

export function speechLabel(bar: SpeechBar): string {
  const prio = bar.priority === null ? '' : ` p${bar.priority}`;
  const text = bar.text === '' ? '' : ` “${bar.text}”`;
  return `${sourceLabel(bar.source)}${prio}${text}`;
}

/** Bars narrower than this are drawn as one block of their current state: no history, no outline. */
const DETAIL_PX = 4;

export function drawSpeechQueue(f: DrawFrame, box: LaneBox): void {
  const { ctx } = f;
  const rows = speechRowViewIn(f.model, box, f.view.startMs, endMs(f.view));
  const rects = new RectBatch();
  const faint = new RectBatch();
  const outlines = new Path2D();
  const cuts = new RectBatch();
  const interrupted = new Path2D();
  const placed: PlacedBar[] = [];
  f.model.speech.speeches.query(f.from, f.to, (bar) => {
    const band = speechBand(rows, bar.row);
    const y = band.y + 1;
    const h = band.h - 2;
    const [x, w] = spanPx(f, bar.start, bar.end, 2);
    // Speeches deeper than the lane can show share its last row, drawn faint and unoutlined.
    const overflow = isOverflowRow(rows, displayRow(rows, bar.row));
    const fill = overflow ? faint : rects;
    if (w < DETAIL_PX || overflow) {
      const last = bar.phases.at(-1)?.state ?? 'created';
      fill.add(
        bar.state === 'interrupted'
          ? COLORS.danger
          : SPEECH_PHASE_COLORS[last === 'done' ? 'playout_started' : last],
        x,
        y,
        w,
        h,
      );
      placed.push({ row: bar.row, x, w, text: speechLabel(bar) });
      return;
    }
    const end = bar.end ?? f.liveEdgeMs;
    // One segment per lifecycle state, so the bar reads as its history.
    for (let i = 0; i < bar.phases.length; i++) {
      const phase = bar.phases[i];
      if (phase.state === 'done') break;
      const next = i + 1 < bar.phases.length ? bar.phases[i + 1].t : end;
      const [sx, sw] = spanPx(f, phase.t, next, 0);
      if (sw > 0) rects.add(SPEECH_PHASE_COLORS[phase.state], sx, y, sw, h);
    }
    if (bar.state === 'interrupted') {
      interrupted.rect(x + 0.5, y + 0.5, Math.max(1, w - 1), h - 1);
      const cut = bar.phases.find((p) => p.state === 'interrupted');
      if (cut) cuts.add(COLORS.danger, px(f, cut.t) - 1, y - 1, 2, h + 2);
    } else outlines.rect(x + 0.5, y + 0.5, Math.max(1, w - 1), h - 1);
    placed.push({ row: bar.row, x, w, text: speechLabel(bar) });
  });
  rects.flush(ctx);
  ctx.globalAlpha = 0.5;
  faint.flush(ctx);
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(227,231,238,0.35)';
  ctx.stroke(outlines);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = COLORS.danger;
  ctx.stroke(interrupted);
  cuts.flush(ctx);
  const labels = placeSpeechLabels(placed, rows, f.view.widthPx);
  if (labels.length === 0) return;
  ctx.font = `${rows.fontPx}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = COLORS.text;
  for (const l of labels) ctx.fillText(l.text, l.x, l.y);
}

export function drawRequests(f: DrawFrame, box: LaneBox): void {
  const { ctx, model } = f;
  const rects = new RectBatch();
  const marks = new Path2D();
  const labels: [string, number, number, number][] = [];
  const lanes = [
    { spans: model.llm, color: COLORS.llm, faint: 'rgba(155,123,255,0.35)', row: 0, name: 'LLM' },
    { spans: model.tts, color: COLORS.tts, faint: 'rgba(47,196,196,0.35)', row: 1, name: 'TTS' },
  ];
  for (const lane of lanes) {
    const band = rowBand(box, lane.row, 2);
    const y = band.y + 1;
    const h = band.h - 2;
    lane.spans.query(f.from, f.to, (s) => {
      const [x, w] = spanPx(f, s.start, s.end, 2);
      rects.add(s.error ? 'rgba(255,93,93,0.35)' : lane.faint, x, y, w, h);
      // Waiting for the first token/byte is the part the user hears as silence: solid.
      if (s.firstAt !== null) {
        const [fx, fw] = spanPx(f, s.start, s.firstAt, 1);
        rects.add(s.error ? COLORS.danger : lane.color, fx, y, fw, h);
        if (w >= DETAIL_PX * 2) {
          const mx = px(f, s.firstAt);
          const r = Math.min(4, h / 2);
          marks.moveTo(mx, y + h / 2 - r);
          marks.lineTo(mx + r, y + h / 2);
          marks.lineTo(mx, y + h / 2 + r);
          marks.lineTo(mx - r, y + h / 2);
          marks.lineTo(mx, y + h / 2 - r);
        }
      }
      if (w > 30)
        labels.push([s.error ? `${lane.name} error: ${s.error}` : lane.name, x + 6, y + h / 2 + 0.5, w - 6]);
    });
  }
  const retries = drawRetries(f, box, rects, labels);
  rects.flush(ctx);
  ctx.fillStyle = COLORS.text;
  ctx.fill(marks);
  ctx.fillStyle = COLORS.warn;
  ctx.fill(retries);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const [text, x, y, w] of labels) fitText(ctx, text, x, y, w);
}

/**
 * Retries on their request row: an amber tick with a circle where the attempt failed, then a thin
 * amber bar for the backoff wait, labelled "retry N" when wide enough. Returns the circles' path.
 */
function drawRetries(
  f: DrawFrame,
  box: LaneBox,
  rects: RectBatch,
  labels: [string, number, number, number][],
): Path2D {
  const circles = new Path2D();
  for (const [kind, row] of [
    ['llm', 0],
    ['tts', 1],
  ] as const) {
    const band = rowBand(box, row, 2);
    const y = band.y + 1;
    const h = band.h - 2;
    for (const r of retriesNear(f.model, kind, f.from, f.to)) {
      const x = px(f, r.t);
      const [wx, ww] = spanPx(f, r.t, r.t + r.delayMs, 1);
      rects.add('rgba(242,184,75,0.55)', wx, y + h - 3, ww, 3);
      rects.add(COLORS.warn, x - 1, y, 2, h);
      const radius = Math.min(3.5, h / 3);
      circles.moveTo(x + radius, y + radius);
      circles.arc(x, y + radius, radius, 0, Math.PI * 2);
      if (ww > 44) labels.push([`retry ${r.attempt + 1}`, x + 5, y + h / 2 + 0.5, ww - 5]);
    }
  }
  return circles;
}

export function drawTools(f: DrawFrame, box: LaneBox): void {
  const { ctx } = f;
  const y = box.top + 4;
  const h = box.height - 8;
  const rects = new RectBatch();
  const labels: [string, number, number, string][] = [];
  // Filled in by the visitor; a holder object because TS does not track writes inside callbacks.
  const selected = { found: false, x: 0, w: 0 };
  let labelEnd = -Infinity;
  f.model.tools.query(f.from, f.to, (s) => {
    const [x, w] = spanPx(f, s.start, s.end, 6);
    rects.add(s.isError ? COLORS.danger : COLORS.tool, x, y, w, h);
    if (s.callId === f.selectedToolId) Object.assign(selected, { found: true, x, w });
    if (x < labelEnd) return;
    // The name goes inside a wide bar, else just after it.
    if (w >= 40) labels.push([s.name, x, w, '#0b0d10']);
    else labels.push([s.name, x + w, 100, COLORS.tool]);
    labelEnd = x + Math.max(w, labelWidth(s.name, 100));
  });
  rects.flush(ctx);
  if (selected.found) {
    const { x, w } = selected;
    ctx.strokeStyle = COLORS.selected;
    ctx.lineWidth = 2;
    ctx.strokeRect(x - 1, y - 1, w + 2, h + 2);
  }
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const [text, x, w, color] of labels) {
    ctx.fillStyle = color;
    fitText(ctx, text, x, y + h / 2 + 0.5, w);
  }
}

const PAUSE_COLORS = {
  resumed: 'rgba(60,207,142,0.30)',
  pending: 'rgba(242,184,75,0.35)',
  not_resumed: 'rgba(255,93,93,0.30)',
  interrupted: 'rgba(255,93,93,0.30)',
} as const;

export function drawInterruptions(f: DrawFrame, box: LaneBox): void {
  const { ctx, model } = f;
  const mid = box.top + box.height / 2;
  const bands = new RectBatch();
  const red = new Path2D();
  const amber = new Path2D();
  const labels: [string, number][] = [];
  let labelEnd = -Infinity;
  // A pause may be resolved long after it began: look back far enough to draw its band.
  const marks = model.speech.interruptions.within(f.from - 120_000, f.to);
  const dense = marks.length > f.view.widthPx / 8;
  for (const m of marks) {
    const rawX = (m.t - f.view.startMs) / f.view.msPerPx;
    const x = px(f, m.t);
    if (m.paused) {
      const end = m.resolvedAt ?? f.liveEdgeMs;
      if (end < f.from) continue;
      const [bx, bw] = spanPx(f, m.t, end, 2);
      bands.add(PAUSE_COLORS[m.outcome], bx, box.top + 4, bw, box.height - 8);
    } else if (rawX < -10) continue;
    if (dense) {
      bands.add(m.outcome === 'resumed' ? COLORS.warn : COLORS.danger, x - 1, mid - 7, 2, 13);
      continue;
    }
    const tri = m.outcome === 'resumed' ? amber : red;
    tri.moveTo(x, mid - 7);
    tri.lineTo(x + 6, mid + 6);
    tri.lineTo(x - 6, mid + 6);
    tri.lineTo(x, mid - 7);
    const verdict =
      m.outcome === 'resumed'
        ? 'false interruption, resumed'
        : m.outcome === 'not_resumed'
          ? 'false interruption, not resumed'
          : m.outcome === 'pending'
            ? 'paused…'
            : 'interrupted';
    const label = `${m.cause}: ${verdict}`;
    if (rawX >= -10 && x + 6 > labelEnd) {
      labels.push([label, x + 6]);
      labelEnd = x + 6 + labelWidth(label, 220);
    }
  }
  bands.flush(ctx);
  ctx.fillStyle = COLORS.danger;
  ctx.fill(red);
  ctx.fillStyle = COLORS.warn;
  ctx.fill(amber);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = COLORS.text;
  for (const [label, x] of labels) fitText(ctx, label, x, mid, 220, x - 6);
}

export function drawPreemptive(f: DrawFrame, box: LaneBox): void {
  const { ctx } = f;
  const y = box.top + 4;
  const h = box.height - 8;
  const rects = new RectBatch();
  const labels: [string, number][] = [];
  let labelEnd = -Infinity;
  f.model.speech.preemptive.query(f.from, f.to, (p) => {
    const [x, w] = spanPx(f, p.start, p.end, 3);
    const color =
      p.outcome === 'used'
        ? COLORS.ok
        : p.outcome === 'discarded'
          ? 'rgba(139,149,165,0.6)'
          : 'rgba(242,184,75,0.6)';
    rects.add(color, x, y, w, h);
    const label = p.outcome === 'discarded' ? `discarded: ${p.reason ?? 'unknown'}` : p.outcome;
    if (x + w > labelEnd) {
      labels.push([label, x + w]);
      labelEnd = x + w + labelWidth(label, 180);
    }
  });
  rects.flush(ctx);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = COLORS.text;
  for (const [label, x] of labels) fitText(ctx, label, x, y + h / 2 + 0.5, 180);
}
