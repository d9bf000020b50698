/**
 * One request's clocks: its overall deadlines (RequestBudget) and each attempt's own read
 * deadline (Attempt). Both run on the injected clock and end in an abort of a signal, so whatever
 * the request awaits (the SDK call, a backoff sleep) stops when a deadline passes.
 */
import { CancelledError, type Clock, instantOf, type TimerHandle } from '../../engine';

/**
 * The overall deadlines of one request, ms from its start, across attempts and backoff (0 = none):
 * until its first progress, and until its end.
 */
export interface Deadlines {
  firstTokenTimeoutMs: number;
  totalTimeoutMs: number;
}

export type DeadlinePhase = 'first_token' | 'total';

/**
 * One request's deadlines on the clock. Only progress (what the caller can use: text, a tool
 * call, audio, a transcript) stops the first-token deadline; bytes that carry nothing (an empty
 * delta, a keep-alive) do not, so a server that streams empty chunks still hits it. When a
 * deadline passes, `signal` aborts, which aborts the attempt in flight or the backoff sleep.
 */
export class RequestBudget {
  private readonly controller = new AbortController();
  private readonly startedAt: number;
  private firstTimer: TimerHandle | null = null;
  private totalTimer: TimerHandle | null = null;
  private readonly onOuterAbort = (): void => this.controller.abort(this.outer.reason);
  expired: DeadlinePhase | null = null;
  progressed = false;

  constructor(
    private readonly clock: Clock,
    readonly deadlines: Deadlines,
    private readonly outer: AbortSignal,
  ) {
    this.startedAt = instantOf(clock);
    if (outer.aborted) this.controller.abort(outer.reason);
    else outer.addEventListener('abort', this.onOuterAbort, { once: true });
    if (deadlines.firstTokenTimeoutMs > 0)
      this.firstTimer = clock.setTimer(() => this.expire('first_token'), deadlines.firstTokenTimeoutMs);
    if (deadlines.totalTimeoutMs > 0)
      this.totalTimer = clock.setTimer(() => this.expire('total'), deadlines.totalTimeoutMs);
  }

  /** Aborted by the caller's signal or when a deadline passes. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Something usable arrived: the first-token deadline no longer applies. */
  progress(): void {
    if (this.progressed) return;
    this.progressed = true;
    this.firstTimer?.cancel();
    this.firstTimer = null;
  }

  /** Time left until the nearest deadline still running, ms (Infinity when none is). */
  remainingMs(): number {
    const elapsed = instantOf(this.clock) - this.startedAt;
    const { firstTokenTimeoutMs: first, totalTimeoutMs: total } = this.deadlines;
    const left = [this.firstTimer ? first - elapsed : Infinity, this.totalTimer ? total - elapsed : Infinity];
    return Math.min(...left);
  }

  /** The deadline that ends the request first from now on. */
  nearest(): DeadlinePhase {
    const elapsed = instantOf(this.clock) - this.startedAt;
    const first = this.firstTimer ? this.deadlines.firstTokenTimeoutMs - elapsed : Infinity;
    const total = this.totalTimer ? this.deadlines.totalTimeoutMs - elapsed : Infinity;
    return first <= total ? 'first_token' : 'total';
  }

  dispose(): void {
    this.firstTimer?.cancel();
    this.totalTimer?.cancel();
    this.firstTimer = null;
    this.totalTimer = null;
    this.outer.removeEventListener('abort', this.onOuterAbort);
  }

  private expire(phase: DeadlinePhase): void {
    if (phase === 'first_token') this.firstTimer = null;
    else this.totalTimer = null;
    if (this.expired || this.controller.signal.aborted) return;
    this.expired = phase;
    this.controller.abort(new CancelledError(`${phase} deadline passed`));
  }
}

/**
 * One attempt's abort controller: aborted by the request's budget (the caller's signal or an
 * overall deadline) or by this attempt's own deadline on the clock. That deadline first bounds
 * the wait for the response, then each wait for more progress (`progress`), like an HTTP read
 * timeout, so a long reply is never cut for being long; bytes without progress (`touch`) do not
 * restart it.
 */
export class Attempt {
  readonly controller = new AbortController();
  timedOut = false;
  /** Whether any data arrived; decides how a timeout is described. */
  receivedData = false;
  /** Whether anything usable arrived. */
  progressed = false;
  private timer: TimerHandle | null = null;
  private readonly onOuterAbort = (): void => this.controller.abort(this.outer.reason);

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly outer: AbortSignal,
    private readonly budget: RequestBudget | null = null,
  ) {
    if (outer.aborted) this.controller.abort(outer.reason);
    else outer.addEventListener('abort', this.onOuterAbort, { once: true });
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Data arrived, usable or not (an empty delta, a role chunk). */
  touch(): void {
    this.receivedData = true;
  }

  /** Usable data arrived (text, a tool call, audio): restart the deadline, stop the first-token one. */
  progress(): void {
    this.receivedData = true;
    this.progressed = true;
    this.budget?.progress();
    this.arm();
  }

  dispose(): void {
    this.timer?.cancel();
    this.timer = null;
    this.outer.removeEventListener('abort', this.onOuterAbort);
  }

  private arm(): void {
    this.timer?.cancel();
    if (this.timeoutMs <= 0 || this.controller.signal.aborted) return;
    this.timer = this.clock.setTimer(() => {
      this.timedOut = true;
      this.controller.abort(new CancelledError('attempt timed out'));
    }, this.timeoutMs);
  }
}
