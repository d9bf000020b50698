/**
 * Small async-iteration helpers the session, the activity and the agent's default nodes share:
 * reading a source that may never end without leaking a parked `next()` once the reader was told
 * to stop, linking aborts, and teeing one source to several readers.
 */
import { offAbort, onAbort, type AbortEntry } from './abort-hub';
import { abortable, CancelledError } from './tasks';

/**
 * Yields from `source` until it ends or `signal` aborts. On abort the pending `next()` is
 * abandoned and the source's iterator is asked to return, so a producer that never ends (a
 * microphone, a live channel) cannot keep the reader alive.
 */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      // A fresh abort listener per item, removed when the item arrives (an entry in the signal's
      // abort list, abort-hub.ts: no EventTarget listener per item). Racing every next() against
      // one long-lived abort promise instead would park a reaction on that promise per item,
      // holding every item read (each microphone frame) until the reader stops.
      const r = await abortable(it.next(), signal);
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  } finally {
    // Tell the source we stop reading, unless it already ended by itself.
    if (!finished) void Promise.resolve(it.return?.()).catch(() => undefined); // a failing return() is the source's business
  }
}

/**
 * A controller that aborts with `parent` and can also be stopped on its own: a node stops reading
 * its input when its consumer stops reading its output, even if nobody cancelled the task.
 */
export function linkedAbort(parent: AbortSignal): { signal: AbortSignal; stop: () => void } {
  const ctrl = new AbortController();
  let entry: AbortEntry | null = null;
  if (parent.aborted) ctrl.abort(parent.reason);
  else entry = onAbort(parent, () => ctrl.abort(parent.reason));
  return {
    signal: ctrl.signal,
    stop: () => {
      if (entry) offAbort(entry);
      ctrl.abort(new CancelledError('input no longer read'));
    },
  };
}

/** A one-item async iterable, for `say(text)` with a plain string. */
export async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

/**
 * Splits one async source into `n` readers that each see every item (upstream
 * utils.aio.itertools.tee). Items are buffered per reader, so a slow reader (the transcript)
 * never holds back a fast one (the TTS). `close()` stops the source and ends every reader.
 */
export class Tee<T> {
  readonly branches: AsyncIterable<T>[];
  private readonly it: AsyncIterator<T>;
  private readonly queues: T[][];
  private pulling: Promise<void> | null = null;
  private ended = false;
  private failure: { err: unknown } | null = null;

  constructor(source: AsyncIterable<T>, n = 2) {
    this.it = source[Symbol.asyncIterator]();
    this.queues = Array.from({ length: n }, () => []);
    this.branches = this.queues.map((_, i) => ({ [Symbol.asyncIterator]: () => this.branch(i) }));
  }

  private pull(): Promise<void> {
    this.pulling ??= this.it.next().then(
      (r) => {
        this.pulling = null;
        if (r.done) this.ended = true;
        else for (const q of this.queues) q.push(r.value);
      },
      (err: unknown) => {
        this.pulling = null;
        this.ended = true;
        this.failure = { err };
      },
    );
    return this.pulling;
  }

  private async *branch(i: number): AsyncGenerator<T> {
    const q = this.queues[i];
    for (;;) {
      if (q.length > 0) {
        yield q.shift() as T;
        continue;
      }
      if (this.ended) {
        if (this.failure) throw this.failure.err;
        return;
      }
      await this.pull();
    }
  }

  /** Ends every reader after what is buffered and tells the source to stop. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.pulling) {
      // a pending next() settles once the source ends; do not wait for it
      void Promise.resolve(this.it.return?.()).catch(() => undefined); // the source's own failure
      return;
    }
    await Promise.resolve(this.it.return?.()).catch(() => undefined); // the source's own failure
  }
}
