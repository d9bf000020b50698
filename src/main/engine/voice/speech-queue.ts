/**
 * The activity's speech queue (upstream `_speech_q`, a heapq of (-priority, time, handle)): the
 * highest priority pops first and speeches of equal priority pop in the order they were pushed.
 * Upstream breaks ties with perf_counter_ns and retries on collisions; a monotonically increasing
 * sequence number gives the same order without depending on the clock's resolution.
 */
import type { SpeechHandle } from './speech-handle';

export interface SpeechQueueEntry {
  priority: number;
  /** Push order, strictly increasing across the queue's lifetime. */
  seq: number;
  speech: SpeechHandle;
}

/** A binary max-heap on priority, min on push sequence. */
export class SpeechQueue {
  private heap: SpeechQueueEntry[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  get length(): number {
    return this.heap.length;
  }

  isEmpty(): boolean {
    return this.heap.length === 0;
  }

  push(speech: SpeechHandle, priority: number): SpeechQueueEntry {
    const entry: SpeechQueueEntry = { priority, seq: this.nextSeq++, speech };
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
    return entry;
  }

  /** Removes and returns the next speech to play, or undefined when empty. */
  pop(): SpeechQueueEntry | undefined {
    const n = this.heap.length;
    if (n === 0) return undefined;
    const top = this.heap[0];
    const last = this.heap.pop() as SpeechQueueEntry;
    if (n > 1) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  peek(): SpeechQueueEntry | undefined {
    return this.heap[0];
  }

  /** Removes a speech wherever it sits; returns whether it was queued. */
  remove(speech: SpeechHandle): boolean {
    const i = this.heap.findIndex((e) => e.speech === speech);
    if (i < 0) return false;
    const last = this.heap.pop() as SpeechQueueEntry;
    if (i < this.heap.length) {
      this.heap[i] = last;
      this.siftDown(i);
      this.siftUp(i);
    }
    return true;
  }

  has(speech: SpeechHandle): boolean {
    return this.heap.some((e) => e.speech === speech);
  }

  /** Empties the queue and returns what was in it, in pop order. */
  clear(): SpeechQueueEntry[] {
    const all = this.toArray();
    this.heap = [];
    return all;
  }

  /** A snapshot in pop order (for the UI and for interrupting everything queued). */
  toArray(): SpeechQueueEntry[] {
    return [...this.heap].sort(compare);
  }

  /** Iterates in heap order (unordered), like iterating the Python list. */
  [Symbol.iterator](): Iterator<SpeechQueueEntry> {
    return [...this.heap][Symbol.iterator]();
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(h[i], h[parent]) >= 0) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < n && compare(h[l], h[best]) < 0) best = l;
      if (r < n && compare(h[r], h[best]) < 0) best = r;
      if (best === i) break;
      [h[i], h[best]] = [h[best], h[i]];
      i = best;
    }
  }
}

/** Negative when `a` must pop before `b`. */
function compare(a: SpeechQueueEntry, b: SpeechQueueEntry): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.seq - b.seq;
}
