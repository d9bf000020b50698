/**
 * A fixed-capacity ring buffer. Engine events arrive for as long as a session runs; the live
 * view keeps only the newest N so memory stays flat, while the recorder (in main) keeps all.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private length = 0;
  private pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Items currently held (at most `capacity`). */
  get size(): number {
    return this.length;
  }

  /** Items ever pushed, including those since overwritten; lets the UI say how many were dropped. */
  get totalPushed(): number {
    return this.pushed;
  }

  push(item: T): void {
    const end = (this.start + this.length) % this.capacity;
    this.items[end] = item;
    if (this.length < this.capacity) this.length += 1;
    else this.start = (this.start + 1) % this.capacity;
    this.pushed += 1;
  }

  pushMany(items: readonly T[]): void {
    for (const item of items) this.push(item);
  }

  /** The item `index` places from the oldest held one. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  /** The newest `count` items (all when omitted), oldest first. */
  toArray(count = this.length): T[] {
    const n = Math.max(0, Math.min(count, this.length));
    const out: T[] = new Array<T>(n);
    const first = this.length - n;
    for (let i = 0; i < n; i++) out[i] = this.items[(this.start + first + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.length = 0;
    this.pushed = 0;
  }
}
