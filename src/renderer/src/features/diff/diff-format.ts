/**
 * The diff view's table as plain data: one row per aligned turn with a cell per measure, each
 * cell saying A, B and whether they differ, so the component only lays them out and tests can
 * read what the user will see.
 */
import type { DiffTurn, DiffTurnFacts, RecordingDiffReport } from '../../../../shared/recording-diff';

export interface DiffCell {
  a: string;
  b: string;
  changed: boolean;
  /** B − A for numeric measures ("+300 ms"); empty when either side has none. */
  delta: string;
}

export interface DiffRow {
  /** 1-based, as shown. */
  turn: number;
  transcript: string;
  /** Which runs had this turn. */
  presence: 'both' | 'only A' | 'only B';
  endOfTurn: DiffCell;
  interruptions: DiffCell;
  falseInterruptions: DiffCell;
  e2e: DiffCell;
  llmTtft: DiffCell;
  ttsTtfb: DiffCell;
  reply: DiffCell;
  tools: DiffCell;
  /** End-of-turn times of A and B (ms after each run's start), for the row's data attributes. */
  endOfTurnMs: { a: number | null; b: number | null };
}

export const DASH = '—';

export function fmtMs(ms: number | null | undefined): string {
  if (ms == null) return DASH;
  return Math.abs(ms) >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function signedMs(ms: number | null): string {
  if (ms === null) return '';
  const r = Math.round(ms);
  return r === 0 ? '±0 ms' : `${r > 0 ? '+' : '−'}${fmtMs(Math.abs(r))}`;
}

/** A numeric measure: changed when the rounded values differ (1 ms of clock noise is not a change). */
function msCell(a: number | null | undefined, b: number | null | undefined, delta: number | null): DiffCell {
  const ra = a == null ? null : Math.round(a);
  const rb = b == null ? null : Math.round(b);
  return { a: fmtMs(a), b: fmtMs(b), changed: ra !== rb, delta: signedMs(delta) };
}

function countCell(a: number | undefined, b: number | undefined): DiffCell {
  const delta =
    a === undefined || b === undefined ? '' : b - a === 0 ? '' : `${b - a > 0 ? '+' : '−'}${Math.abs(b - a)}`;
  return {
    a: a === undefined ? DASH : String(a),
    b: b === undefined ? DASH : String(b),
    changed: a !== b,
    delta,
  };
}

function textCell(a: string | undefined, b: string | undefined, changed: boolean): DiffCell {
  return { a: a ?? DASH, b: b ?? DASH, changed, delta: '' };
}

const reply = (f: DiffTurnFacts | null) =>
  f === null ? undefined : `${f.reply || '(no reply)'}${f.replyInterrupted ? ' [interrupted]' : ''}`;
const tools = (f: DiffTurnFacts | null) => (f === null ? undefined : f.toolCalls.join(', ') || '(none)');

export function diffRow(t: DiffTurn, i: number): DiffRow {
  const { a, b } = t;
  return {
    turn: i + 1,
    transcript: (a ?? b)?.transcript ?? '',
    presence: a && b ? 'both' : a ? 'only A' : 'only B',
    endOfTurn: msCell(a?.endOfTurnMs, b?.endOfTurnMs, t.delta.endOfTurnMs),
    interruptions: countCell(a?.interruptions, b?.interruptions),
    falseInterruptions: countCell(a?.falseInterruptions, b?.falseInterruptions),
    e2e: msCell(a?.e2eLatencyMs, b?.e2eLatencyMs, t.delta.e2eLatencyMs),
    llmTtft: msCell(a?.llmTtftMs, b?.llmTtftMs, t.delta.llmTtftMs),
    ttsTtfb: msCell(a?.ttsTtfbMs, b?.ttsTtfbMs, t.delta.ttsTtfbMs),
    reply: textCell(reply(a), reply(b), t.replyChanged),
    tools: textCell(tools(a), tools(b), t.toolCallsChanged),
    endOfTurnMs: { a: a?.endOfTurnMs ?? null, b: b?.endOfTurnMs ?? null },
  };
}

export function diffRows(report: RecordingDiffReport): DiffRow[] {
  return report.turns.map(diffRow);
}

/** The summary's lines, in reading order. */
export function summaryLines(report: RecordingDiffReport): string[] {
  const s = report.summary;
  const change =
    s.e2eLatencyChange === null
      ? ''
      : ` (${s.e2eLatencyChange > 0 ? '+' : ''}${Math.round(s.e2eLatencyChange * 1000) / 10}%)`;
  return [
    `Turns: A ${s.a.turns}, B ${s.b.turns} — ${s.matchedTurns} matched, ${s.onlyInA} only in A, ${s.onlyInB} only in B`,
    `Median e2e latency: ${fmtMs(s.a.medianE2eLatencyMs)} → ${fmtMs(s.b.medianE2eLatencyMs)}${change}`,
    `Median LLM TTFT: ${fmtMs(s.a.medianLlmTtftMs)} → ${fmtMs(s.b.medianLlmTtftMs)}; TTS TTFB: ${fmtMs(s.a.medianTtsTtfbMs)} → ${fmtMs(s.b.medianTtsTtfbMs)}`,
    `Median end-of-utterance delay: ${fmtMs(s.a.medianEouDelayMs)} → ${fmtMs(s.b.medianEouDelayMs)}`,
    `Interruptions: ${s.a.interruptions} → ${s.b.interruptions}; false interruptions: ${s.a.falseInterruptions} → ${s.b.falseInterruptions}`,
    `Changed: ${s.changedReplies} repl${s.changedReplies === 1 ? 'y' : 'ies'}, ${s.changedToolCalls} tool-call list${s.changedToolCalls === 1 ? '' : 's'}`,
  ];
}
