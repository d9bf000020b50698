import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock';

describe('VirtualClock', () => {
  it('fires same-instant timers in the order they were set', async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.setTimer(() => order.push('b'), 100);
    clock.setTimer(() => order.push('a'), 50);
    clock.setTimer(() => order.push('c'), 100);
    await clock.runUntil(1000);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(clock.instantMs).toBe(1000);
  });

  it('returns strictly increasing reads within one instant', () => {
    const clock = new VirtualClock();
    const a = clock.now();
    const b = clock.now();
    expect(b).toBeGreaterThan(a);
    expect(b - a).toBeCloseTo(0.001, 6);
  });

  it('lets promise chains settle before advancing', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      await clock.sleep(100);
      seen.push(clock.instantMs);
      await Promise.resolve();
      await clock.sleep(50);
      seen.push(clock.instantMs);
    };
    const p = run();
    await clock.runUntil(500);
    await p;
    expect(seen).toEqual([100, 150]);
  });

  it('cancels timers and aborts sleeps', async () => {
    const clock = new VirtualClock();
    let fired = false;
    const h = clock.setTimer(() => (fired = true), 10);
    h.cancel();
    const ctrl = new AbortController();
    const p = clock.sleep(100, ctrl.signal);
    ctrl.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    await clock.runUntil(200);
    expect(fired).toBe(false);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('runs 30 s of timers without waiting 30 s', async () => {
    const clock = new VirtualClock();
    let n = 0;
    const tick = (): void => {
      n += 1;
      if (n < 3000) clock.setTimer(tick, 10);
    };
    clock.setTimer(tick, 10);
    await clock.runUntil(30_000);
    expect(n).toBe(3000);
  });
});
