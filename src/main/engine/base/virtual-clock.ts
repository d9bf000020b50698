/**
 * A deterministic clock for tests and scenario runs. Time moves only when the engine is idle:
 * the run loop lets a real macrotask turn (setImmediate) pass so every settled promise has run,
 * then jumps to the next due timer. Timers due at the same instant fire in the order they were
 * set. Every read of `now()` is strictly greater than the previous read (+1 µs per read within
 * an instant), so things created in one instant keep their creation order.
 */
import { sleepOn, type Clock, type TimerHandle } from './clock';
import { TimerHeap } from './timer-heap';

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
  fired: boolean;
}

/** One microsecond, the step between two reads within one instant. */
const READ_STEP_MS = 0.001;
/** Macrotask turns that must find nothing new before the engine counts as idle. */
const IDLE_TURNS = 3;

export class VirtualClock implements Clock {
  private instant: number;
  private lastRead: number;
  private seq = 0;
  private timers = new TimerHeap<Timer>();
  private running = false;

  constructor(startMs = 0) {
    this.instant = startMs;
    this.lastRead = startMs - READ_STEP_MS;
  }

  now(): number {
    const t = Math.max(this.instant, this.lastRead + READ_STEP_MS);
    this.lastRead = t;
    return t;
  }

  /** The current instant without the per-read step (for scheduling and reports). */
  get instantMs(): number {
    return this.instant;
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const timer: Timer = {
      due: this.instant + Math.max(0, delayMs),
      seq: this.seq++,
      fn,
      cancelled: false,
      fired: false,
    };
    this.timers.push(timer);
    return {
      cancel: () => {
        // A timer that fired is no longer in the heap: cancelling it is a no-op.
        if (timer.cancelled || timer.fired) return;
        this.timers.cancel(timer);
      },
    };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, delayMs, signal);
  }

  /** Timers not yet fired nor cancelled; a closed session must leave none. */
  pendingTimerCount(): number {
    return this.timers.size;
  }

  /** Due time of the next timer, or null when none is pending. */
  nextDue(): number | null {
    return this.timers.peek()?.due ?? null;
  }

  /** Waits until every pending promise and macrotask has run (the engine is waiting). */
  async settle(): Promise<void> {
    for (let i = 0; i < IDLE_TURNS; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Runs the engine until virtual time `untilMs`: fires every timer due up to then, letting the
   * engine settle between timers, and leaves the clock at `untilMs`.
   */
  async runUntil(untilMs: number, stop?: () => boolean): Promise<void> {
    if (this.running) throw new Error('VirtualClock.runUntil is already running');
    this.running = true;
    try {
      await this.settle();
      while (!stop?.()) {
        const next = this.timers.peek();
        if (!next || next.due > untilMs) break;
        this.timers.take();
        next.fired = true;
        this.moveTo(next.due);
        next.fn();
        await this.settle();
      }
      if (!stop?.() && untilMs > this.instant) this.moveTo(untilMs);
      await this.settle();
    } finally {
      this.running = false;
    }
  }

  /** Advances by `ms` of virtual time (see runUntil). */
  advance(ms: number): Promise<void> {
    return this.runUntil(this.instant + ms);
  }

  /**
   * Runs until `done()` holds, or until no timer is left, or `limitMs` of virtual time passed.
   * Resolves with true when `done()` held.
   */
  async runUntilDone(done: () => boolean, limitMs: number): Promise<boolean> {
    const limit = this.instant + limitMs;
    await this.runUntil(limit, () => done() || this.timers.size === 0);
    return done();
  }

  private moveTo(t: number): void {
    if (t > this.instant) this.instant = t;
  }
}
