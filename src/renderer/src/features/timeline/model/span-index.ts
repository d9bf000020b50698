/**
 * Interval storage for the lanes: items arrive roughly in start order and many stay open (a
 * speech still playing), so a window query must find both closed spans overlapping the window
 * and open ones that began long before it — without scanning a 100,000-event session per frame.
 */

export interface Span {
  start: number;
  /** Null while the span is still open (it extends to the live edge). */
  end: number | null;
}

/** First index in `items` whose key is >= `value` (items sorted by key). */
export function lowerBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > `value`. */
export function upperBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const startOf = (s: Span) => s.start;

export class SpanIndex<T extends Span> {
  private readonly list: T[] = [];
  private readonly open = new Set<T>();
  /** Longest closed span so far: a query looks back this far before its window. */
  private maxClosedMs = 0;

  get items(): readonly T[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  add(item: T): T {
    const n = this.list.length;
    if (n === 0 || this.list[n - 1].start <= item.start) this.list.push(item);
    else this.list.splice(upperBound(this.list, item.start, startOf), 0, item);
    if (item.end === null) this.open.add(item);
    else this.maxClosedMs = Math.max(this.maxClosedMs, item.end - item.start);
    return item;
  }

  /** Closes an open span; closing twice keeps the first end (a late duplicate is not news). */
  close(item: T, end: number): void {
    if (item.end !== null) return;
    item.end = Math.max(end, item.start);
    this.open.delete(item);
    this.maxClosedMs = Math.max(this.maxClosedMs, item.end - item.start);
  }

  /** Closes every open span, e.g. when the session closes. */
  closeAll(end: number): void {
    for (const item of [...this.open]) this.close(item, end);
  }

  openItems(): IterableIterator<T> {
    return this.open.values();
  }

  last(): T | undefined {
    return this.list[this.list.length - 1];
  }

  /** Visits spans overlapping [from, to] in start order; open spans count as reaching `to`. */
  query(from: number, to: number, visit: (item: T) => void): void {
    const lookBack = from - this.maxClosedMs;
    const first = lowerBound(this.list, lookBack, startOf);
    // Open spans that began before the scanned range still cover the window.
    for (const item of this.open) if (item.start < lookBack && item.start <= to) visit(item);
    for (let i = first; i < this.list.length; i++) {
      const item = this.list[i];
      if (item.start > to) break;
      if (item.end === null || item.end >= from) visit(item);
    }
  }

  /** The spans overlapping [from, to] as an array (tests and hit-testing; the draw loop visits). */
  within(from: number, to: number): T[] {
    const out: T[] = [];
    this.query(from, to, (item) => out.push(item));
    return out;
  }

  clear(): void {
    this.list.length = 0;
    this.open.clear();
    this.maxClosedMs = 0;
  }
}

/** Point items (marks) kept in time order, queried by window. */
export class TimeList<T extends { t: number }> {
  private readonly list: T[] = [];

  get items(): readonly T[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  add(item: T): T {
    const n = this.list.length;
    if (n === 0 || this.list[n - 1].t <= item.t) this.list.push(item);
    else
      this.list.splice(
        upperBound(this.list, item.t, (x) => x.t),
        0,
        item,
      );
    return item;
  }

  last(): T | undefined {
    return this.list[this.list.length - 1];
  }

  /** Index range [lo, hi) of the items with from <= t <= to. */
  range(from: number, to: number): [number, number] {
    return [lowerBound(this.list, from, (x) => x.t), upperBound(this.list, to, (x) => x.t)];
  }

  within(from: number, to: number): T[] {
    const [lo, hi] = this.range(from, to);
    return this.list.slice(lo, hi);
  }

  clear(): void {
    this.list.length = 0;
  }
}
