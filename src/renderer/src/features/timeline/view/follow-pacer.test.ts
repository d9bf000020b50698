import { describe, expect, it, vi } from 'vitest';
import { FOLLOW_FRAME_MS, FOLLOW_MAX_INTERVAL_MS, FollowPacer, followIntervalMs } from './follow-pacer';

/** Timers on a virtual clock: `advance` runs what is due, in order. */
function virtualTimers() {
  let now = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout(fn: () => void, ms: number) {
      const id = nextId++;
      due.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(id: ReturnType<typeof setTimeout>) {
      due.delete(id);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > until) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = until;
    },
    get pending() {
      return due.size;
    },
  };
}

describe('followIntervalMs', () => {
  it('is ~30 fps while the live edge moves a device pixel faster than that', () => {
    // The default 20 s window over ~1,100 px: ~18 ms per pixel.
    expect(followIntervalMs(18, 1)).toBe(FOLLOW_FRAME_MS);
    expect(followIntervalMs(18, 2)).toBe(FOLLOW_FRAME_MS);
  });

  it('waits for the edge to move a device pixel in a zoomed-out view, up to the cap', () => {
    expect(followIntervalMs(100, 1)).toBe(100);
    expect(followIntervalMs(100, 2)).toBe(50);
    expect(followIntervalMs(60_000, 1)).toBe(FOLLOW_MAX_INTERVAL_MS);
    // A device pixel ratio below one counts as one.
    expect(followIntervalMs(100, 0.5)).toBe(100);
  });
});

describe('FollowPacer', () => {
  it('requests the next follow paint half a frame before the interval, once', () => {
    const timers = virtualTimers();
    const pacer = new FollowPacer(timers);
    const request = vi.fn();
    pacer.schedule(18, 1, request);
    expect(pacer.pending).toBe(true);
    timers.advance(FOLLOW_FRAME_MS - 9);
    expect(request).not.toHaveBeenCalled();
    timers.advance(1);
    expect(request).toHaveBeenCalledTimes(1);
    expect(pacer.pending).toBe(false);
    timers.advance(1_000);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('a paint for another reason restarts the interval: one pending request at most', () => {
    const timers = virtualTimers();
    const pacer = new FollowPacer(timers);
    const first = vi.fn();
    const second = vi.fn();
    pacer.schedule(18, 1, first);
    timers.advance(20);
    // New events painted at 20 ms: that paint cancels and schedules again.
    pacer.cancel();
    pacer.schedule(18, 1, second);
    expect(timers.pending).toBe(1);
    timers.advance(10);
    expect(first).not.toHaveBeenCalled();
    timers.advance(15);
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });

  it('cancel (unmount, follow off) leaves nothing pending', () => {
    const timers = virtualTimers();
    const pacer = new FollowPacer(timers);
    const request = vi.fn();
    pacer.schedule(100, 1, request);
    pacer.cancel();
    pacer.cancel();
    timers.advance(1_000);
    expect(request).not.toHaveBeenCalled();
    expect(timers.pending).toBe(0);
  });
});
