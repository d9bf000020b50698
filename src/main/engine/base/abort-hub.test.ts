/**
 * Why: the engine's abort listeners moved from one EventTarget listener each to entries in one
 * list per signal, and the order in which they react to an abort decides the order of what the
 * engine does next. These tests run the same listener scripts on the hub and on plain
 * EventTarget listeners and require the same calls in the same order.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { offAbort, onAbort } from './abort-hub';

/** What a listener does when it runs: nothing, or remove / add another listener. */
type Step = { remove: number } | { add: number } | null;

interface Api {
  add(id: number): void;
  remove(id: number): void;
}

/** Adds listeners 0..n-1 (removing some), aborts, and logs which ran in which order. */
function run(
  kind: 'hub' | 'eventTarget',
  n: number,
  removed: number[],
  steps: Record<number, Step>,
): number[] {
  const ctrl = new AbortController();
  const log: number[] = [];
  const handles = new Map<number, () => void>();
  const api: Api = {
    add(id) {
      const fn = (): void => {
        log.push(id);
        const step = steps[id];
        if (step && 'remove' in step) api.remove(step.remove);
        if (step && 'add' in step) api.add(step.add);
      };
      if (kind === 'hub') {
        const entry = onAbort(ctrl.signal, fn);
        handles.set(id, () => offAbort(entry));
      } else {
        ctrl.signal.addEventListener('abort', fn, { once: true });
        handles.set(id, () => ctrl.signal.removeEventListener('abort', fn));
      }
    },
    remove(id) {
      handles.get(id)?.();
    },
  };
  for (let i = 0; i < n; i++) api.add(i);
  for (const id of removed) api.remove(id);
  ctrl.abort();
  return log;
}

function same(n: number, removed: number[], steps: Record<number, Step> = {}): number[] {
  const hub = run('hub', n, removed, steps);
  expect(hub).toEqual(run('eventTarget', n, removed, steps));
  return hub;
}

describe('abort hub', () => {
  it('runs listeners once, in the order they were added, as EventTarget does', () => {
    expect(same(5, [])).toEqual([0, 1, 2, 3, 4]);
    expect(same(6, [0, 3, 5])).toEqual([1, 2, 4]);
  });

  it('skips a listener removed by an earlier one during the abort, as EventTarget does', () => {
    expect(same(4, [], { 0: { remove: 1 }, 2: { remove: 3 } })).toEqual([0, 2]);
    expect(same(3, [], { 1: { remove: 0 } })).toEqual([0, 1, 2]);
  });

  it('reaches a listener added during the abort exactly when EventTarget does', () => {
    // added by a listener that is not the last: reached; added by the last one: not
    expect(same(3, [], { 0: { add: 10 } })).toEqual([0, 1, 2, 10]);
    expect(same(3, [], { 2: { add: 11 } })).toEqual([0, 1, 2]);
    expect(same(3, [2], { 1: { add: 12 } })).toEqual([0, 1]);
  });

  it('never calls a listener added after the abort, and removing it or removing twice is harmless', () => {
    const ctrl = new AbortController();
    const calls: string[] = [];
    const first = onAbort(ctrl.signal, () => calls.push('first'));
    ctrl.abort();
    const late = onAbort(ctrl.signal, () => calls.push('late'));
    offAbort(late);
    offAbort(first);
    offAbort(first);
    const early = new AbortController();
    early.abort();
    onAbort(early.signal, () => calls.push('on aborted'));
    expect(calls).toEqual(['first']);
    expect(getEventListeners(early.signal, 'abort')).toHaveLength(0);
  });

  it('hangs one EventTarget listener on a signal however many waits it has', () => {
    const ctrl = new AbortController();
    const entries = Array.from({ length: 50 }, () => onAbort(ctrl.signal, () => undefined));
    expect(getEventListeners(ctrl.signal, 'abort')).toHaveLength(1);
    for (const e of entries) offAbort(e);
    expect(getEventListeners(ctrl.signal, 'abort')).toHaveLength(1);
  });
});
