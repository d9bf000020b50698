/**
 * Frame-time bookkeeping for the smoothness benchmark and the test hook: the draw loop records
 * how long each paint took; summaries give median and p95 over the recent window.
 */

export interface FrameSummary {
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/** Percentile of an ascending array by nearest rank (0 < p <= 100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: readonly number[]): FrameSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    medianMs: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted.length === 0 ? 0 : sorted[sorted.length - 1],
  };
}

export class FrameStats {
  private readonly samples: number[] = [];
  total = 0;

  constructor(private readonly capacity = 2_000) {}

  record(ms: number): void {
    this.total += 1;
    this.samples.push(ms);
    if (this.samples.length > this.capacity) this.samples.shift();
  }

  summary(): FrameSummary {
    return summarize(this.samples);
  }

  reset(): void {
    this.samples.length = 0;
    this.total = 0;
  }
}
