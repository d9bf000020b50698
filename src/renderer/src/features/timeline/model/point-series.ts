/**
 * A numeric time series in growable typed arrays: VAD probability arrives at tens of samples a
 * second, so a long session holds far more points than objects could carry cheaply, and the
 * draw loop reduces whatever is visible to at most two points per pixel column.
 */

export class PointSeries {
  private times = new Float64Array(1024);
  private values = new Float32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  timeAt(i: number): number {
    return this.times[i];
  }

  valueAt(i: number): number {
    return this.values[i];
  }

  lastTime(): number | null {
    return this.count === 0 ? null : this.times[this.count - 1];
  }

  /** Appends a sample; one older than the last is dropped, keeping the series sorted for search. */
  push(t: number, value: number): void {
    if (this.count > 0 && t < this.times[this.count - 1]) return;
    if (this.count === this.times.length) this.grow();
    this.times[this.count] = t;
    this.values[this.count] = value;
    this.count += 1;
  }

  /** First index with time >= t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The sample nearest to t within `toleranceMs`, or null. */
  nearest(t: number, toleranceMs: number): { t: number; value: number } | null {
    const i = this.lowerBound(t);
    let best = -1;
    for (const j of [i - 1, i]) {
      if (j < 0 || j >= this.count) continue;
      if (best < 0 || Math.abs(this.times[j] - t) < Math.abs(this.times[best] - t)) best = j;
    }
    if (best < 0 || Math.abs(this.times[best] - t) > toleranceMs) return null;
    return { t: this.times[best], value: this.values[best] };
  }

  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const values = new Float32Array(this.values.length * 2);
    values.set(this.values);
    this.times = times;
    this.values = values;
  }
}

/** One pixel column of a decimated series: where the line enters, its extremes, where it leaves. */
export interface Column {
  x: number;
  first: number;
  min: number;
  max: number;
  last: number;
  /** True when the gap before this column exceeded the gap limit: the line breaks here. */
  breakBefore: boolean;
}

/**
 * Reduces the samples in [fromMs, toMs] to one column per pixel, so drawing costs the width of
 * the canvas, not the number of samples. A gap longer than `gapMs` between samples breaks the
 * line: no inference there is "no data", not a ramp between two far points.
 */
export function decimate(
  series: PointSeries,
  fromMs: number,
  toMs: number,
  msPerPx: number,
  gapMs: number,
): Column[] {
  const out: Column[] = [];
  if (series.size === 0 || toMs < fromMs) return out;
  // One sample either side so the line runs to the edges.
  const lo = Math.max(0, series.lowerBound(fromMs) - 1);
  const hi = Math.min(series.size, series.lowerBound(toMs) + 1);
  let current: Column | null = null;
  let prevT = Number.NaN;
  for (let i = lo; i < hi; i++) {
    const t = series.timeAt(i);
    const v = series.valueAt(i);
    const x = Math.floor((t - fromMs) / msPerPx);
    const gap = !Number.isNaN(prevT) && t - prevT > gapMs;
    prevT = t;
    if (current && current.x === x && !gap) {
      current.min = Math.min(current.min, v);
      current.max = Math.max(current.max, v);
      current.last = v;
      continue;
    }
    current = { x, first: v, min: v, max: v, last: v, breakBefore: gap || out.length === 0 };
    out.push(current);
  }
  return out;
}
