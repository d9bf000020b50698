/**
 * Painters of the agent's activity lanes: the speech queue, LLM/TTS requests, tool calls,
 * interruptions and preemptive generations.
 */
import type { SpeechBar } from '../model/timeline-types';
import { type LaneBox, rowBand } from '../view/lane-layout';
import { type DrawFrame, diamond, fitText, labelWidth, px, spanPx } from './draw-frame';
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

export function drawSpeechQueue(f: DrawFrame, box: LaneBox): void {
  const { ctx } = f;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  f.model.speech.speeches.query(f.from, f.to, (bar) => {
    const band = rowBand(box, bar.row, 2);
    const y = band.y + 1;
    const h = band.h - 2;
    const end = bar.end ?? f.liveEdgeMs;
    // One segment per lifecycle state, so the bar reads as its history.
    for (let i = 0; i < bar.phases.length; i++) {
      const phase = bar.phases[i];
      if (phase.state === 'done') break;
      const next = i + 1 < bar.phases.length ? bar.phases[i + 1].t : end;
      const [x, w] = spanPx(f, phase.t, next, 0);
      if (w <= 0) continue;
      ctx.fillStyle = SPEECH_PHASE_COLORS[phase.state];
      ctx.fillRect(x, y, w, h);
    }
    const [x, w] = spanPx(f, bar.start, bar.end, 2);
    ctx.strokeStyle = bar.state === 'interrupted' ? COLORS.danger : 'rgba(227,231,238,0.35)';
    ctx.lineWidth = bar.state === 'interrupted' ? 1.5 : 1;
    ctx.strokeRect(x + 0.5, y + 0.5, Math.max(1, w - 1), h - 1);
    if (bar.state === 'interrupted') {
      const cut = bar.phases.find((p) => p.state === 'interrupted');
      if (cut) {
        const cx = px(f, cut.t);
        ctx.fillStyle = COLORS.danger;
        ctx.fillRect(cx - 1, y - 1, 2, h + 2);
      }
    }
    ctx.fillStyle = COLORS.text;
    fitText(ctx, speechLabel(bar), x, y + h / 2 + 0.5, w);
  });
}

export function drawRequests(f: DrawFrame, box: LaneBox): void {
  const { ctx, model } = f;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const lanes = [
    { spans: model.llm, color: COLORS.llm, row: 0, name: 'LLM' },
    { spans: model.tts, color: COLORS.tts, row: 1, name: 'TTS' },
  ];
  for (const lane of lanes) {
    const band = rowBand(box, lane.row, 2);
    const y = band.y + 1;
    const h = band.h - 2;
    lane.spans.query(f.from, f.to, (s) => {
      const [x, w] = spanPx(f, s.start, s.end, 2);
      ctx.fillStyle = s.error ? COLORS.danger : lane.color;
      ctx.globalAlpha = 0.35;
      ctx.fillRect(x, y, w, h);
      ctx.globalAlpha = 1;
      // Waiting for the first token/byte is the part the user hears as silence: solid.
      if (s.firstAt !== null) {
        const [fx, fw] = spanPx(f, s.start, s.firstAt, 1);
        ctx.fillRect(fx, y, fw, h);
        ctx.fillStyle = COLORS.text;
        diamond(ctx, px(f, s.firstAt), y + h / 2, Math.min(4, h / 2));
      }
      ctx.fillStyle = COLORS.text;
      fitText(ctx, s.error ? `${lane.name} error: ${s.error}` : lane.name, x + 6, y + h / 2 + 0.5, w - 6);
    });
  }
}

export function drawTools(f: DrawFrame, box: LaneBox): void {
  const { ctx } = f;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const y = box.top + 4;
  const h = box.height - 8;
  f.model.tools.query(f.from, f.to, (s) => {
    const [x, w] = spanPx(f, s.start, s.end, 6);
    ctx.fillStyle = s.isError ? COLORS.danger : COLORS.tool;
    ctx.fillRect(x, y, w, h);
    if (s.callId === f.selectedToolId) {
      ctx.strokeStyle = COLORS.selected;
      ctx.lineWidth = 2;
      ctx.strokeRect(x - 1, y - 1, w + 2, h + 2);
    }
    ctx.fillStyle = '#0b0d10';
    fitText(ctx, s.name, x, y + h / 2 + 0.5, Math.max(w, 0));
    if (w < 40) {
      ctx.fillStyle = COLORS.tool;
      fitText(ctx, s.name, x + w, y + h / 2 + 0.5, 100);
    }
  });
}

export function drawInterruptions(f: DrawFrame, box: LaneBox): void {
  const { ctx, model } = f;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const mid = box.top + box.height / 2;
  let labelEnd = -Infinity;
  // A pause may be resolved long after it began: look back far enough to draw its band.
  for (const m of model.speech.interruptions.within(f.from - 120_000, f.to)) {
    const rawX = (m.t - f.view.startMs) / f.view.msPerPx;
    const x = px(f, m.t);
    if (m.paused) {
      const end = m.resolvedAt ?? f.liveEdgeMs;
      if (end < f.from) continue;
      const [bx, bw] = spanPx(f, m.t, end, 2);
      ctx.fillStyle =
        m.outcome === 'resumed'
          ? 'rgba(60,207,142,0.30)'
          : m.outcome === 'pending'
            ? 'rgba(242,184,75,0.35)'
            : 'rgba(255,93,93,0.30)';
      ctx.fillRect(bx, box.top + 4, bw, box.height - 8);
    } else if (rawX < -10) continue;
    ctx.fillStyle = m.outcome === 'resumed' ? COLORS.warn : COLORS.danger;
    ctx.beginPath();
    ctx.moveTo(x, mid - 7);
    ctx.lineTo(x + 6, mid + 6);
    ctx.lineTo(x - 6, mid + 6);
    ctx.closePath();
    ctx.fill();
    const verdict =
      m.outcome === 'resumed'
        ? 'false interruption, resumed'
        : m.outcome === 'not_resumed'
          ? 'false interruption, not resumed'
          : m.outcome === 'pending'
            ? 'paused…'
            : 'interrupted';
    ctx.fillStyle = COLORS.text;
    const label = `${m.cause}: ${verdict}`;
    if (rawX >= -10 && x + 6 > labelEnd) {
      fitText(ctx, label, x + 6, mid, 220);
      labelEnd = x + 6 + labelWidth(label, 220);
    }
  }
}

export function drawPreemptive(f: DrawFrame, box: LaneBox): void {
  const { ctx } = f;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const y = box.top + 4;
  const h = box.height - 8;
  f.model.speech.preemptive.query(f.from, f.to, (p) => {
    const [x, w] = spanPx(f, p.start, p.end, 3);
    ctx.fillStyle =
      p.outcome === 'used'
        ? COLORS.ok
        : p.outcome === 'discarded'
          ? 'rgba(139,149,165,0.6)'
          : 'rgba(242,184,75,0.6)';
    ctx.fillRect(x, y, w, h);
    ctx.fillStyle = COLORS.text;
    const label = p.outcome === 'discarded' ? `discarded: ${p.reason ?? 'unknown'}` : p.outcome;
    fitText(ctx, label, x + w, y + h / 2 + 0.5, 180);
  });
}
