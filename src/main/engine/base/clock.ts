/**
 * Time is injected: the engine reads time and sets timers only through a Clock. The studio uses
 * the real clock; tests and scenario runs use the VirtualClock (virtual-clock.ts).
 */
import { offAbort, onAbort, type AbortEntry } from './abort-hub';

export interface TimerHandle {
  /** Cancels the timer; a no-op once it fired. */
  cancel(): void;
}

export interface Clock {
  /** Current time in ms (monotonic, session-relative origin is the caller's business). */
  now(): number;
  /** Calls `fn` after `delayMs`. Same-instant timers fire in the order they were set. */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
  /** Resolves after `delayMs`; rejects with the signal's reason if aborted first. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock, backed by performance.now() and setTimeout. */
export class RealClock implements Clock {
  private readonly origin = performance.now();

  now(): number {
    return performance.now() - this.origin;
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const h = setTimeout(fn, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(h) };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, delayMs, signal);
  }
}

/** Shared sleep built on any clock's setTimer. */
export function sleepOn(
  clock: Pick<Clock, 'setTimer'>,
  delayMs: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    let entry: AbortEntry | null = null;
    const timer = clock.setTimer(() => {
      if (entry) offAbort(entry);
      resolve();
    }, delayMs);
    if (signal)
      entry = onAbort(signal, () => {
        timer.cancel();
        reject(signal.reason ?? new Error('aborted'));
      });
  });
}

/**
 * The clock's current instant without the VirtualClock's per-read microsecond step (the plain
 * reading for other clocks): schedules and playback positions are computed on instants.
 */
export function instantOf(clock: Clock): number {
  const v = (clock as { instantMs?: unknown }).instantMs;
  return typeof v === 'number' ? v : clock.now();
}
