/**
 * A recording's user turns with what the agent did in each: when the turn ended, how long the
 * agent took (end-to-end, LLM first token, TTS first byte — as the events' metrics report them),
 * the interruptions, the reply text and the tool calls. Diff compares two runs turn by turn.
 */
import type { EngineEvent, MetricsData } from '../../shared/engine-events';
import type { DiffTurnFacts } from '../../shared/recording-diff';
import { endOfTurnByUserMessage } from './spoken-turns';

/** One user turn of a run and what the agent did in it (the studio contract's shape). */
export type TurnFacts = DiffTurnFacts;

type Metric<T extends MetricsData['type']> = Extract<MetricsData, { type: T }>;

function firstMetric<T extends MetricsData['type']>(
  events: readonly EngineEvent[],
  type: T,
  inWindow: (t: number) => boolean,
): Metric<T> | null {
  for (const ev of events)
    if (ev.type === 'metrics_collected' && ev.metrics.type === type && inWindow(ev.t))
      return ev.metrics as Metric<T>;
  return null;
}

/** The end-of-utterance delay, or null when LiveKit's 0 stands for "not measured" (no transcript). */
function measuredEou(m: Metric<'eou'> | null): number | null {
  return m === null || m.measured === false ? null : m.endOfUtteranceDelayMs;
}

/** The user turns of a recording, in order. */
export function recordingTurns(events: readonly EngineEvent[]): TurnFacts[] {
  const origin = events.length > 0 ? Math.floor(events[0].t) : 0;
  const users: { id: string; createdAt: number; content: string }[] = [];
  for (const ev of events)
    if (ev.type === 'conversation_item_added' && ev.item.type === 'message' && ev.item.role === 'user')
      users.push({ id: ev.item.id, createdAt: ev.item.createdAt, content: ev.item.content });
  const eots = endOfTurnByUserMessage(events);
  return users.map((u, i) => {
    const from = u.createdAt - 5;
    const to = i + 1 < users.length ? users[i + 1].createdAt - 5 : Infinity;
    const inWindow = (t: number): boolean => t >= from && t < to;
    const eot = eots.get(u.id);
    const replies = events.flatMap((e) =>
      e.type === 'conversation_item_added' &&
      e.item.type === 'message' &&
      e.item.role === 'assistant' &&
      inWindow(e.item.createdAt)
        ? [e.item]
        : [],
    );
    const tools = events.flatMap((e) =>
      e.type === 'function_tools_executed' && inWindow(e.t)
        ? e.functionCalls.map((c) => `${c.name}(${c.arguments})`)
        : [],
    );
    const count = (pred: (e: EngineEvent) => boolean): number =>
      events.filter((e) => inWindow(e.t) && pred(e)).length;
    return {
      index: i,
      transcript: u.content,
      typed: eot === undefined,
      endOfTurnMs: (eot?.t ?? u.createdAt) - origin,
      eouDelayMs: measuredEou(firstMetric(events, 'eou', inWindow)),
      e2eLatencyMs: replies.find((r) => r.metrics?.e2eLatencyMs !== undefined)?.metrics?.e2eLatencyMs ?? null,
      llmTtftMs: firstMetric(events, 'llm', inWindow)?.ttftMs ?? null,
      ttsTtfbMs: firstMetric(events, 'tts', inWindow)?.ttfbMs ?? null,
      interruptions: count((e) => e.type === 'interruption' && e.cause !== 'close'),
      falseInterruptions: count((e) => e.type === 'agent_false_interruption'),
      reply: replies.map((r) => r.content).join(' '),
      replyInterrupted: replies.some((r) => r.interrupted),
      toolCalls: tools,
    };
  });
}

const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Pairs turns of A and B: equal transcripts (normalized) as anchors by longest common
 * subsequence, then turns between two anchors by position; the rest are only in one run.
 */
export function alignTurns(
  a: readonly TurnFacts[],
  b: readonly TurnFacts[],
): [TurnFacts | null, TurnFacts | null][] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] =
        norm(a[i].transcript) === norm(b[j].transcript)
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const anchors: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (norm(a[i].transcript) === norm(b[j].transcript)) {
      anchors.push([i, j]);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  anchors.push([n, m]);
  const out: [TurnFacts | null, TurnFacts | null][] = [];
  let pi = 0;
  let pj = 0;
  for (const [ai, bj] of anchors) {
    const gapA = a.slice(pi, ai);
    const gapB = b.slice(pj, bj);
    for (let k = 0; k < Math.max(gapA.length, gapB.length); k++) out.push([gapA[k] ?? null, gapB[k] ?? null]);
    if (ai < n && bj < m) out.push([a[ai], b[bj]]);
    pi = ai + 1;
    pj = bj + 1;
  }
  return out;
}
