import { describe, expect, it } from 'vitest';
import type { TurnTimeline } from '../../../../shared/turn-timeline';
import { chartSeries } from './chart-series';
import type { TurnLatency } from './turn-latency';

const timeline = (id: string, index: number, e2eMs: number | null): TurnTimeline => ({
  id,
  index,
  anchor: 'user_stopped',
  startAt: 0,
  audioAt: e2eMs,
  e2eMs,
  segments: [],
  coveredMs: 0,
  coverage: null,
  preemptive: false,
  queued: false,
});

describe('chartSeries', () => {
  it('numbers turns and takes e2e as the timeline does, TTFT/TTFB from the reply metrics', () => {
    // The metric-based turn put e2e at 300 ms (its end-of-utterance delay read 0); the timeline knows 800.
    const metrics = [{ id: 's2', e2eMs: 300, llmTtftMs: 120, ttsTtfbMs: 90 } as TurnLatency];
    const series = chartSeries([timeline('s1', 1, null), timeline('s2', 2, 800)], metrics);
    expect(series).toEqual([
      { turn: 1, id: 's1', e2e: null, ttft: null, ttfb: null },
      { turn: 2, id: 's2', e2e: 800, ttft: 120, ttfb: 90 },
    ]);
  });
});
