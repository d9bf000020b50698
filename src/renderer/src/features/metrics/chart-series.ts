/**
 * The session chart's per-turn points: the turns and their end-to-end latency as the latency
 * timeline found them (so "Turn N" is the same turn in the chart and in the turn selector), with
 * the LLM's time to first token and the TTS's time to first byte as the reply's metrics reported.
 */
import type { TurnTimeline } from '../../../../shared/turn-timeline';
import type { TurnLatency, TurnPoint } from './turn-latency';

export function chartSeries(
  timelines: readonly TurnTimeline[],
  metrics: readonly TurnLatency[],
): TurnPoint[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  return timelines.map((t) => {
    const m = byId.get(t.id);
    return { turn: t.index, id: t.id, e2e: t.e2eMs, ttft: m?.llmTtftMs ?? null, ttfb: m?.ttsTtfbMs ?? null };
  });
}
