/**
 * What lies under the pointer: the details the hover tooltip lists and the tool a click
 * selects. Pure over the model and the viewport, so it is tested without a canvas.
 */
import { retriesNear, type TimelineModel } from '../model/timeline-model';
import type { SpeechBar } from '../model/timeline-types';
import { type LaneBox, type LaneId, type LaneLayout, laneAtY } from './lane-layout';
import { speechLabel } from '../draw/draw-activity';
import { displayRow, isOverflowRow, shownRowAt, speechRowViewIn } from './speech-rows';
import { endMs, formatDuration, formatTime, timeAt, type Viewport } from './timeline-viewport';

export interface HoverDetails {
  lane: LaneId;
  /** Session time under the cursor. */
  t: number;
  title: string;
  lines: string[];
}

/** How near (px) a point mark must be to count as under the pointer. */
const NEAR_PX = 6;

const range = (start: number, end: number | null, live: number) =>
  `${formatTime(start, 1)} → ${end === null ? 'now' : formatTime(end, 1)} (${formatDuration((end ?? live) - start)})`;

const clip = (text: string, n = 160) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

function rowAt(box: LaneBox, y: number): number {
  const inner = box.height - 4;
  return Math.max(0, Math.min(box.rows - 1, Math.floor(((y - box.top - 2) / inner) * box.rows)));
}

function speechLines(bar: SpeechBar, live: number): string[] {
  const lines = [
    `${bar.source ?? 'unknown source'}${bar.priority === null ? '' : `, priority ${bar.priority}`}${
      bar.allowInterruptions === false ? ', not interruptible' : ''
    }`,
    range(bar.start, bar.end, live),
  ];
  if (bar.text) lines.push(`“${clip(bar.text)}”`);
  if (bar.interruptCause) lines.push(`interrupted by ${bar.interruptCause}`);
  lines.push(
    bar.phases
      .map((p) => `${p.state === 'playout_started' ? 'playing' : p.state} ${formatTime(p.t, 1)}`)
      .join(' · '),
  );
  return lines;
}

export function hoverDetails(
  model: TimelineModel,
  layout: LaneLayout,
  view: Viewport,
  x: number,
  y: number,
  liveEdgeMs: number,
): HoverDetails | null {
  const box = laneAtY(layout, y);
  if (!box) return null;
  const t = timeAt(view, x);
  const near = NEAR_PX * view.msPerPx;
  const at = (title: string, lines: string[]): HoverDetails => ({ lane: box.id, t, title, lines });
  switch (box.id) {
    case 'user':
    case 'agent': {
      const span = (box.id === 'user' ? model.user : model.agent).within(t, t).at(-1);
      return span
        ? at(`${box.id === 'user' ? 'User' : 'Agent'}: ${span.state}`, [
            range(span.start, span.end, liveEdgeMs),
          ])
        : null;
    }
    case 'vad': {
      const p = model.vad.nearest(t, Math.max(near, 60));
      const lines = [`activation threshold ${model.vadThreshold.toFixed(2)}`];
      return p
        ? at(`VAD p = ${p.value.toFixed(2)}`, [`at ${formatTime(p.t, 1)}`, ...lines])
        : at('VAD: no inference here', lines);
    }
    case 'transcript': {
      const mark = model.transcripts.within(t - near, t + near).at(-1);
      const eot = model.endOfTurns.within(t, t + 60_000).find((e) => e.startAt <= t + near);
      const lines: string[] = [];
      if (eot)
        lines.push(
          `end of turn at ${formatTime(eot.t, 1)}, ${formatDuration(eot.t - eot.startAt)} after the user stopped (endpointing delay ${formatDuration(eot.delayMs)})${
            eot.probability === null ? '' : `, p = ${eot.probability.toFixed(2)}`
          } — ${eot.committed ? 'committed' : 'not taken'}`,
        );
      if (!mark) return eot ? at(`End of turn: “${clip(eot.transcript, 80)}”`, lines) : null;
      return at(`${mark.final ? 'Final' : 'Interim'} transcript`, [
        `“${clip(mark.text)}”`,
        `at ${formatTime(mark.t, 1)}`,
        ...lines,
      ]);
    }
    case 'speech-queue': {
      const rows = speechRowViewIn(model, box, view.startMs, endMs(view));
      const row = shownRowAt(rows, y);
      const here = model.speech.speeches.within(t - near, t + near);
      const bars = here.filter((b) => displayRow(rows, b.row) === row);
      if (bars.length === 0) return null;
      if (bars.length === 1 || !isOverflowRow(rows, row))
        return at(`Speech ${bars[0].id}: ${bars[0].state}`, speechLines(bars[0], liveEdgeMs));
      // The overflow row: every speech it holds here, one line each.
      return at(
        `${bars.length} overlapping speeches`,
        bars.map((b) => `${b.id}: ${speechLabel(b)} — ${b.state}`),
      );
    }
    case 'llm-tts': {
      const llm = rowAt(box, y) === 0;
      const retry = retriesNear(model, llm ? 'llm' : 'tts', t - near, t + near).at(-1);
      if (retry)
        return at(`${llm ? 'LLM' : 'TTS'} retry: attempt ${retry.attempt} failed`, [
          `attempt ${retry.attempt + 1} after ${formatDuration(retry.delayMs)}`,
          `reason: ${clip(retry.reason)}`,
          `${retry.code} · ${retry.provider} (${retry.setting})`,
          `at ${formatTime(retry.t, 1)}`,
        ]);
      const span = (llm ? model.llm : model.tts).within(t - near, t + near).at(-1);
      if (!span) return null;
      const lines = [range(span.start, span.end, liveEdgeMs)];
      if (span.firstAt !== null)
        lines.push(
          `${llm ? 'first token' : 'first byte'} after ${formatDuration(span.firstAt - span.start)}`,
        );
      if (span.speechId) lines.push(`speech ${span.speechId}`);
      if (span.tools.length > 0) lines.push(`tools: ${span.tools.join(', ')}`);
      if (span.text) lines.push(`“${clip(span.text)}”`);
      if (span.error) lines.push(`error: ${span.error}`);
      return at(`${llm ? 'LLM' : 'TTS'} request ${span.requestId}`, lines);
    }
    case 'tools': {
      const tool = toolAt(model, view, x, 4);
      if (!tool) return null;
      const lines = [range(tool.start, tool.end, liveEdgeMs), `arguments: ${clip(tool.arguments)}`];
      if (tool.output !== null) lines.push(`${tool.isError ? 'error' : 'output'}: ${clip(tool.output)}`);
      lines.push('click to inspect');
      return at(`Tool ${tool.name} (${tool.callId})`, lines);
    }
    case 'interruptions': {
      const mark = model.speech.interruptions
        .within(t - 120_000, t + near)
        .filter(
          (m) => Math.abs(m.t - t) <= near || (m.paused && m.t <= t && (m.resolvedAt ?? liveEdgeMs) >= t),
        )
        .at(-1);
      if (!mark) return null;
      const verdict = {
        interrupted: 'interrupted',
        pending: 'paused, waiting for the false-interruption check',
        resumed: 'false interruption: resumed',
        not_resumed: 'false interruption: not resumed',
      }[mark.outcome];
      const lines = [`cause: ${mark.cause}`, `at ${formatTime(mark.t, 1)}`];
      if (mark.speechId) lines.push(`speech ${mark.speechId}`);
      if (mark.paused && mark.resolvedAt !== null)
        lines.push(`paused for ${formatDuration(mark.resolvedAt - mark.t)}`);
      return at(verdict.charAt(0).toUpperCase() + verdict.slice(1), lines);
    }
    case 'preemptive': {
      const p = model.speech.preemptive.within(t - near, t + near).at(-1);
      if (!p) return null;
      const lines = [range(p.start, p.end, liveEdgeMs), `speech ${p.speechId}`];
      if (p.reason) lines.push(`why: ${p.reason}`);
      return at(`Preemptive generation: ${p.outcome}`, lines);
    }
    case 'markers': {
      const m = model.markers.within(t - near, t + near).at(-1);
      return m
        ? at(m.label, [m.kind, `at ${formatTime(m.t, 1)}`, ...(m.detail ? [clip(m.detail)] : [])])
        : null;
    }
  }
}

/** The tool call under plot x (for a click in the tools lane), with a few px of slack. */
export function toolAt(model: TimelineModel, view: Viewport, x: number, slackPx = 4) {
  const t = timeAt(view, x);
  const slack = slackPx * view.msPerPx;
  // Short tool calls are drawn at least 6 px wide.
  const minMs = 6 * view.msPerPx;
  return model.tools
    .within(t - slack - minMs, t + slack)
    .filter((s) => s.start - slack <= t && Math.max(s.end ?? Infinity, s.start + minMs) + slack >= t)
    .at(-1);
}

export function laneIdAt(layout: LaneLayout, y: number): LaneId | null {
  return laneAtY(layout, y)?.id ?? null;
}
