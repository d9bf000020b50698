/**
 * Abort listeners without EventTarget churn. The engine waits under an AbortSignal at every
 * await that may be cancelled (`abortable`, sleeps, linked signals), so each TTS frame on its
 * way to the speaker adds and removes several abort listeners. In Node each
 * addEventListener/removeEventListener pair costs about as much as the rest of the wait; here a
 * signal gets ONE EventTarget listener, the first time the engine waits on it, and every engine
 * listener is an entry in that signal's list: adding and removing one is a few pointer writes.
 *
 * Order is kept: on abort the entries run in the order they were added, each removed before it
 * runs (as `{ once: true }`), an entry removed meanwhile is skipped, and an entry added while the
 * list runs is reached only if it was not added after the last one — exactly what EventTarget
 * dispatch does. So as long as the engine's abort listeners go through here, they react to an
 * abort in the same order as they did as separate EventTarget listeners.
 */

/** One listener in a signal's list; `offAbort` removes it. */
export class AbortEntry {
  /** null once removed (or run). */
  fn: (() => void) | null;
  next: AbortEntry | null = null;
  prev: AbortEntry | null;

  constructor(
    fn: () => void,
    readonly hub: AbortHub | null,
  ) {
    this.fn = fn;
    this.prev = hub?.tail ?? null;
  }
}

/** An entry never added anywhere: the signal had already aborted. */
const INERT_HUB = null;

class AbortHub {
  head: AbortEntry | null = null;
  tail: AbortEntry | null = null;
  /** The abort was dispatched (or is being): entries added now run only as EventTarget would. */
  fired = false;

  constructor(signal: AbortSignal) {
    signal.addEventListener('abort', this, { once: true });
  }

  add(fn: () => void): AbortEntry {
    const entry = new AbortEntry(fn, this);
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    return entry;
  }

  /** Unlinks `entry`, keeping its own `next` so a running dispatch can step past it. */
  remove(entry: AbortEntry): void {
    entry.fn = null;
    if (entry.prev) entry.prev.next = entry.next;
    else if (this.head === entry) this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else if (this.tail === entry) this.tail = entry.prev;
  }

  /** The signal's one EventTarget listener (an object listener: no closure per signal). */
  handleEvent(): void {
    this.fired = true;
    let failure: { err: unknown } | null = null;
    let entry = this.head;
    while (entry) {
      const next = entry.next;
      const fn = entry.fn;
      if (fn) {
        this.remove(entry);
        try {
          fn();
        } catch (err) {
          // EventTarget reports a throwing listener and goes on with the next: so do we, and
          // hand the first failure back to it to report once the list has run.
          failure ??= { err };
        }
      }
      entry = next;
    }
    if (failure) throw failure.err;
  }
}

const hubs = new WeakMap<AbortSignal, AbortHub>();

/**
 * Calls `fn` once when `signal` aborts, in order with the engine's other abort listeners on it.
 * On a signal that has already aborted, `fn` is never called (as with addEventListener): check
 * `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal, fn: () => void): AbortEntry {
  let hub = hubs.get(signal);
  if (hub === undefined) {
    if (signal.aborted) return new AbortEntry(fn, INERT_HUB);
    hub = new AbortHub(signal);
    hubs.set(signal, hub);
  } else if (hub.fired && hub.tail === null) {
    // the dispatch is over (or has nothing left to reach): nothing will run this
    return new AbortEntry(fn, INERT_HUB);
  }
  return hub.add(fn);
}

/** Removes a listener added by `onAbort` (again, or after it ran: no effect). */
export function offAbort(entry: AbortEntry): void {
  if (entry.fn === null) return;
  if (entry.hub) entry.hub.remove(entry);
  else entry.fn = null;
}
