// The virtual clock's timer heap: (due, seq) order, cancellation, and rebuilds that keep order.
import { describe, expect, it } from 'vitest';
import { TimerHeap, type HeapTimer } from './timer-heap';

type T = HeapTimer & { id: number };
const timer = (id: number, due: number, seq = id): T => ({ id, due, seq, cancelled: false });
const drain = (h: TimerHeap<T>): number[] => {
  const out: number[] = [];
  for (let t = h.take(); t; t = h.take()) out.push(t.id);
  return out;
};

describe('TimerHeap', () => {
  it('takes timers by due time, and timers due together in the order they were set', () => {
    const h = new TimerHeap<T>();
    const dues = [50, 10, 30, 10, 70, 30, 0, 10];
    dues.forEach((due, i) => h.push(timer(i, due)));
    expect(h.size).toBe(8);
    expect(drain(h)).toEqual([6, 1, 3, 7, 2, 5, 0, 4]);
    expect(h.size).toBe(0);
    expect(h.peek()).toBeUndefined();
  });

  it('skips cancelled timers and does not count them', () => {
    const h = new TimerHeap<T>();
    const ts = [timer(0, 5), timer(1, 1), timer(2, 3)];
    ts.forEach((t) => h.push(t));
    h.cancel(ts[1]);
    expect(h.size).toBe(2);
    expect(h.peek()?.id).toBe(2);
    expect(drain(h)).toEqual([2, 0]);
  });

  it('keeps the order when many cancellations rebuild the heap', () => {
    const h = new TimerHeap<T>();
    const ts = Array.from({ length: 1000 }, (_, i) => timer(i, (i * 7919) % 1000));
    ts.forEach((t) => h.push(t));
    for (const t of ts) if (t.id % 3 !== 0) h.cancel(t);
    const live = ts.filter((t) => t.id % 3 === 0);
    expect(h.size).toBe(live.length);
    const expected = [...live].sort((a, b) => a.due - b.due || a.seq - b.seq).map((t) => t.id);
    expect(drain(h)).toEqual(expected);
  });
});
