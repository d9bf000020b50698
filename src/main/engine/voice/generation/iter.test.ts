// Why: GuardedIterator.next is on the per-frame path and is a plain function returning a promise;
// it must still behave like the async version: rejections instead of throws, abort stops the
// wait, and close() does not hang on a source whose next() is still pending.
import { describe, expect, it } from 'vitest';
import { GuardedIterator } from './iter';

describe('GuardedIterator', () => {
  it('reads items and the end of the source', async () => {
    async function* src(): AsyncGenerator<number> {
      yield 1;
      yield 2;
    }
    const it = GuardedIterator.of(src());
    const signal = new AbortController().signal;
    expect(await it.next(signal)).toEqual({ value: 1, done: false });
    expect(await it.next(signal)).toEqual({ value: 2, done: false });
    expect((await it.next(signal)).done).toBe(true);
  });

  it("returns a rejected promise, not a throw, when the source's next() throws", async () => {
    const it = new GuardedIterator<number>({
      next: () => {
        throw new Error('source broke');
      },
    });
    let p: Promise<unknown> | undefined;
    expect(() => (p = it.next(new AbortController().signal))).not.toThrow();
    await expect(p).rejects.toThrow('source broke');
    // the in-flight flag was cleared: close() awaits the source's return at once
    await expect(it.close()).resolves.toBeUndefined();
  });

  it('stops waiting on abort and closes without hanging on the pending next()', async () => {
    let returned = false;
    const it = new GuardedIterator<number>({
      next: () => new Promise<IteratorResult<number>>(() => undefined),
      return: async () => {
        returned = true;
        return { value: undefined, done: true };
      },
    });
    const ctrl = new AbortController();
    const p = it.next(ctrl.signal);
    ctrl.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    await it.close();
    expect(returned).toBe(true);
  });
});
