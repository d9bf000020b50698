/**
 * Reading async iterators under cancellation. A pending `next()` cannot be interrupted, so the
 * helpers stop *waiting* on abort and close the iterator afterwards; closing must not hang on a
 * source that is still blocked (an async generator queues `return()` behind its pending `next()`).
 */
import { abortable } from '../../base/tasks';

/** An iterator with a record of whether a `next()` is still in flight. */
export class GuardedIterator<T> {
  private pending = false;
  private closed = false;

  private readonly settled = (): void => {
    this.pending = false;
  };

  constructor(private readonly it: AsyncIterator<T>) {}

  static of<T>(source: AsyncIterable<T>): GuardedIterator<T> {
    return new GuardedIterator(source[Symbol.asyncIterator]());
  }

  /**
   * Next item, or a rejection with the signal's reason as soon as it aborts. Not `async`: every
   * TTS frame passes through two of these, and an async wrapper adds promise hops per frame.
   * A source whose next() throws still yields a rejected promise.
   */
  next(signal: AbortSignal): Promise<IteratorResult<T>> {
    this.pending = true;
    let p: Promise<IteratorResult<T>>;
    try {
      p = Promise.resolve(this.it.next());
    } catch (err) {
      this.pending = false;
      return Promise.reject(err);
    }
    // The flag settles with p whatever happens, in abortable's own reaction to p (the first
    // thing it does there): no second reaction and promise per item.
    return abortable(p, signal, this.settled);
  }

  /**
   * Closes the source (upstream `aclose`). When a `next()` is still in flight the close is
   * started but not awaited: it completes when that `next()` settles, which the aborted signal
   * given to the source makes happen; awaiting it here could block the task forever.
   */
  async close(): Promise<void> {
    if (this.closed || !this.it.return) return;
    this.closed = true;
    const done = this.it.return();
    if (this.pending) {
      // Owned by the source: it finishes once the in-flight next() settles (see above).
      void Promise.resolve(done).catch(() => undefined);
      return;
    }
    try {
      await done;
    } catch {
      // A source failing while closing has nothing more to tell the reader.
    }
  }
}

/** True for anything `for await` can read. */
export function isAsyncIterable<T>(v: unknown): v is AsyncIterable<T> {
  return (
    typeof v === 'object' && v !== null && typeof (v as AsyncIterable<T>)[Symbol.asyncIterator] === 'function'
  );
}
