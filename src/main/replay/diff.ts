/**
 * Two runs compared turn by turn (A: the baseline, B: the candidate): end of turn, interruptions,
 * false interruptions, e2e latency, LLM TTFT, TTS TTFB, and replies and tool calls that changed,
 * with a summary, a table for people and JSON for machines, and CI thresholds.
 *
 * Recordings of different agents are compared anyway (a re-run with edited instructions is the
 * point of a diff) but the report opens with a warning saying which agents differ.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type { DiffSideSummary, DiffTurn, RecordingDiffReport } from '../../shared/recording-diff';
import { alignTurns, recordingTurns, type TurnFacts } from './turns';

export interface DiffSide {
  id: string;
  path: string;
  /** Agent names (manifest.agents) and the start agent's instructions, to tell different agents apart. */
  agents: string[];
  instructions?: string | null;
  events: readonly EngineEvent[];
}

// The report's shape is the studio contract's (the diff view reads it as it is printed by --json).
export type TurnDiff = DiffTurn;
export type SideSummary = DiffSideSummary;
export type DiffReport = RecordingDiffReport;

export interface DiffThresholds {
  /** Fail when B's median e2e latency exceeds A's by more than this fraction (0.2 = 20%). */
  maxLatencyRegression?: number;
  /** Fail when any reply or tool call changed, or a turn is in one run only. */
  failOnChangedReplies?: boolean;
}

export interface ThresholdVerdict {
  failed: boolean;
  reasons: string[];
}

const median = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null).sort((p, q) => p - q);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

const sub = (b: number | null | undefined, a: number | null | undefined): number | null =>
  b == null || a == null ? null : b - a;

function summarize(turns: TurnFacts[]): SideSummary {
  return {
    turns: turns.length,
    interruptions: turns.reduce((n, t) => n + t.interruptions, 0),
    falseInterruptions: turns.reduce((n, t) => n + t.falseInterruptions, 0),
    medianE2eLatencyMs: median(turns.map((t) => t.e2eLatencyMs)),
    medianLlmTtftMs: median(turns.map((t) => t.llmTtftMs)),
    medianTtsTtfbMs: median(turns.map((t) => t.ttsTtfbMs)),
    medianEouDelayMs: median(turns.map((t) => t.eouDelayMs)),
  };
}

export function agentWarnings(a: DiffSide, b: DiffSide): string[] {
  const out: string[] = [];
  const names = (s: DiffSide) => [...s.agents].sort().join(', ') || '(none)';
  if (names(a) !== names(b))
    out.push(
      `A and B are recordings of different agents (A: ${names(a)}; B: ${names(b)}); turns are matched by transcript`,
    );
  if (a.instructions != null && b.instructions != null && a.instructions !== b.instructions)
    out.push('the agent instructions differ between A and B');
  return out;
}

export function diffRecordings(a: DiffSide, b: DiffSide): DiffReport {
  const turnsA = recordingTurns(a.events);
  const turnsB = recordingTurns(b.events);
  const turns: TurnDiff[] = alignTurns(turnsA, turnsB).map(([ta, tb]) => ({
    a: ta,
    b: tb,
    replyChanged: ta !== null && tb !== null && ta.reply !== tb.reply,
    toolCallsChanged: ta !== null && tb !== null && ta.toolCalls.join('\n') !== tb.toolCalls.join('\n'),
    delta: {
      endOfTurnMs: sub(tb?.endOfTurnMs, ta?.endOfTurnMs),
      e2eLatencyMs: sub(tb?.e2eLatencyMs, ta?.e2eLatencyMs),
      llmTtftMs: sub(tb?.llmTtftMs, ta?.llmTtftMs),
      ttsTtfbMs: sub(tb?.ttsTtfbMs, ta?.ttsTtfbMs),
    },
  }));
  const sa = summarize(turnsA);
  const sb = summarize(turnsB);
  return {
    a: { id: a.id, path: a.path },
    b: { id: b.id, path: b.path },
    warnings: agentWarnings(a, b),
    turns,
    summary: {
      a: sa,
      b: sb,
      matchedTurns: turns.filter((t) => t.a && t.b).length,
      onlyInA: turns.filter((t) => t.a && !t.b).length,
      onlyInB: turns.filter((t) => !t.a && t.b).length,
      changedReplies: turns.filter((t) => t.replyChanged).length,
      changedToolCalls: turns.filter((t) => t.toolCallsChanged).length,
      e2eLatencyChange:
        sa.medianE2eLatencyMs && sb.medianE2eLatencyMs !== null
          ? (sb.medianE2eLatencyMs - sa.medianE2eLatencyMs) / sa.medianE2eLatencyMs
          : null,
    },
  };
}

export function checkThresholds(report: DiffReport, th: DiffThresholds): ThresholdVerdict {
  const reasons: string[] = [];
  const s = report.summary;
  if (th.maxLatencyRegression !== undefined) {
    if (s.e2eLatencyChange === null)
      reasons.push(
        '--max-latency-regression: A has no e2e latency to compare with (no agent reply after a user turn)',
      );
    else if (s.e2eLatencyChange > th.maxLatencyRegression)
      reasons.push(
        `median e2e latency rose ${pct(s.e2eLatencyChange)} (${fmtMs(s.a.medianE2eLatencyMs)} → ${fmtMs(s.b.medianE2eLatencyMs)}), more than ${pct(th.maxLatencyRegression)}`,
      );
  }
  if (th.failOnChangedReplies) {
    const changed = s.changedReplies + s.changedToolCalls + s.onlyInA + s.onlyInB;
    if (changed > 0)
      reasons.push(
        `replies changed: ${s.changedReplies} reply text(s), ${s.changedToolCalls} tool call list(s), ${s.onlyInA} turn(s) only in A, ${s.onlyInB} only in B`,
      );
  }
  return { failed: reasons.length > 0, reasons };
}

/** "20%", "+12.5%" for a fraction. */
export function pct(x: number, signed = false): string {
  const v = Math.round(x * 1000) / 10;
  return `${signed && v > 0 ? '+' : ''}${v}%`;
}

const fmtMs = (x: number | null): string => (x === null ? '—' : `${Math.round(x)} ms`);
const pair = (a: number | null | undefined, b: number | null | undefined): string => {
  const f = (x: number | null | undefined) => (x == null ? '—' : String(Math.round(x)));
  return a === b || (a != null && b != null && Math.round(a) === Math.round(b)) ? f(a) : `${f(a)}→${f(b)}`;
};
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The human table: one row per aligned turn, then the changed replies, then the summary. */
export function formatDiffTable(report: DiffReport): string {
  const lines: string[] = [];
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  lines.push(`A: ${report.a.path}`, `B: ${report.b.path}`, '');
  const header = [
    '#',
    'user',
    'end of turn',
    'e2e',
    'LLM TTFT',
    'TTS TTFB',
    'interr.',
    'false int.',
    'reply',
    'tools',
  ];
  const rows = report.turns.map((t, i) => {
    const a = t.a;
    const b = t.b;
    return [
      String(i + 1),
      clip((a ?? b)!.transcript, 34) + (a && !b ? ' (only A)' : !a && b ? ' (only B)' : ''),
      pair(a?.endOfTurnMs, b?.endOfTurnMs),
      pair(a?.e2eLatencyMs, b?.e2eLatencyMs),
      pair(a?.llmTtftMs, b?.llmTtftMs),
      pair(a?.ttsTtfbMs, b?.ttsTtfbMs),
      pair(a?.interruptions, b?.interruptions),
      pair(a?.falseInterruptions, b?.falseInterruptions),
      t.replyChanged ? 'CHANGED' : a && b ? 'same' : '—',
      t.toolCallsChanged ? 'CHANGED' : a && b ? 'same' : '—',
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  lines.push(fmt(header), ...rows.map(fmt));
  const changed = report.turns.filter((t) => t.replyChanged || t.toolCallsChanged);
  if (changed.length > 0) lines.push('');
  for (const t of changed) {
    const n = report.turns.indexOf(t) + 1;
    if (t.replyChanged) lines.push(`turn ${n} reply A: ${t.a!.reply}`, `turn ${n} reply B: ${t.b!.reply}`);
    if (t.toolCallsChanged)
      lines.push(
        `turn ${n} tools A: ${t.a!.toolCalls.join(', ') || '(none)'}`,
        `turn ${n} tools B: ${t.b!.toolCalls.join(', ') || '(none)'}`,
      );
  }
  const s = report.summary;
  lines.push(
    '',
    `turns: A ${s.a.turns}, B ${s.b.turns} (${s.matchedTurns} matched, ${s.onlyInA} only in A, ${s.onlyInB} only in B)`,
    `interruptions: ${pair(s.a.interruptions, s.b.interruptions)}; false interruptions: ${pair(s.a.falseInterruptions, s.b.falseInterruptions)}`,
    `median end-of-utterance delay: ${fmtMs(s.a.medianEouDelayMs)} → ${fmtMs(s.b.medianEouDelayMs)}`,
    `median e2e latency: ${fmtMs(s.a.medianE2eLatencyMs)} → ${fmtMs(s.b.medianE2eLatencyMs)}${s.e2eLatencyChange === null ? '' : ` (${pct(s.e2eLatencyChange, true)})`}`,
    `median LLM TTFT: ${fmtMs(s.a.medianLlmTtftMs)} → ${fmtMs(s.b.medianLlmTtftMs)}; median TTS TTFB: ${fmtMs(s.a.medianTtsTtfbMs)} → ${fmtMs(s.b.medianTtsTtfbMs)}`,
    `changed: ${s.changedReplies} reply text(s), ${s.changedToolCalls} tool call list(s)`,
  );
  return `${lines.join('\n')}\n`;
}
