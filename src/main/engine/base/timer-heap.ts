/**
 * The virtual clock's pending timers as a binary min-heap on (due, seq). A long scenario sets
 * thousands of far-future timers up front (its script) while the microphone sets one every
 * 10 ms; keeping a sorted array made each of those inserts walk past the whole future, so an hour
 * cost far more than six ten-minute runs. Insert and take are O(log n). A cancelled timer stays
 * in the heap, marked, until it reaches the top (skipped there) or until cancelled ones outnumber
 * live ones (then the heap is rebuilt without them), so cancel is O(1) amortized and cancelled
 * closures are not held for long.
 */

export interface HeapTimer {
  due: number;
  seq: number;
  cancelled: boolean;
}

const before = (a: HeapTimer, b: HeapTimer): boolean => a.due < b.due || (a.due === b.due && a.seq < b.seq);

export class TimerHeap<T extends HeapTimer> {
  private heap: T[] = [];
  private cancelledInHeap = 0;

  /** Timers neither taken nor cancelled. */
  get size(): number {
    return this.heap.length - this.cancelledInHeap;
  }

  push(timer: T): void {
    this.heap.push(timer);
    this.up(this.heap.length - 1);
  }

  /** Marks `timer` cancelled (it must be pending in this heap and not yet cancelled). */
  cancel(timer: T): void {
    timer.cancelled = true;
    this.cancelledInHeap += 1;
    if (this.cancelledInHeap > 64 && this.cancelledInHeap > this.heap.length / 2) this.rebuild();
  }

  /** The earliest live timer, or undefined. */
  peek(): T | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  /** Removes and returns the earliest live timer, or undefined. */
  take(): T | undefined {
    this.dropCancelledTop();
    return this.heap.length > 0 ? this.removeTop() : undefined;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) {
      this.removeTop();
      this.cancelledInHeap -= 1;
    }
  }

  private removeTop(): T {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private rebuild(): void {
    this.heap = this.heap.filter((t) => !t.cancelled);
    this.cancelledInHeap = 0;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private up(i: number): void {
    const h = this.heap;
    const item = h[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = item;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const item = h[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(h[child + 1], h[child])) child += 1;
      if (!before(h[child], item)) break;
      h[i] = h[child];
      i = child;
    }
    h[i] = item;
  }
}
