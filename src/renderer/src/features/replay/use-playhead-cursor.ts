/**
 * Marks, in a list whose items carry `data-at` (event time, ascending), the item current at the
 * replay's playhead: the last one at or before it gets `data-current="true"` and is scrolled into
 * view. Runs on animation frames only while the playhead plays, touches only the two items whose
 * mark changes, and does nothing outside a replay.
 */
import { useEffect, type RefObject } from 'react';
import { playheadClock, subscribePlayhead } from './replay-instance';

/** Index of the last time <= t in an ascending list, or -1. */
export function currentIndex(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function usePlayheadCursor(list: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    let frame = 0;
    let marked: HTMLElement | null = null;
    const paint = () => {
      frame = 0;
      const clock = playheadClock();
      const el = list.current;
      let next: HTMLElement | null = null;
      if (clock && el) {
        const items = Array.from(el.querySelectorAll<HTMLElement>(':scope > [data-at]'));
        const i = currentIndex(
          items.map((x) => Number(x.dataset.at)),
          clock.position(),
        );
        next = i >= 0 ? items[i] : null;
      }
      if (next !== marked) {
        marked?.removeAttribute('data-current');
        next?.setAttribute('data-current', 'true');
        next?.scrollIntoView?.({ block: 'nearest' });
        marked = next;
      }
      if (clock?.playing) frame = requestAnimationFrame(paint);
    };
    const off = subscribePlayhead(() => {
      if (frame === 0) frame = requestAnimationFrame(paint);
    });
    paint();
    return () => {
      off();
      if (frame !== 0) cancelAnimationFrame(frame);
      marked?.removeAttribute('data-current');
    };
  }, [list]);
}
