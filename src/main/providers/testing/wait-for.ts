/**
 * Waiting on real I/O in tests. Tests over real sockets cannot be driven by the virtual clock
 * alone (the clock does not know a response is in flight), so they wait in real time for an
 * observable state (a request arrived, a retry was announced) and only then move the clock.
 */

/** Polls `cond` every few ms of real time; rejects after `timeoutMs`. */
export async function waitFor(cond: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Collects an async iterable; returns the items and the error it ended with, if any. */
export async function collect<T>(it: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const x of it) items.push(x);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}
