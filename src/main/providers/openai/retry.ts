/**
 * Retries and timeouts on the injected clock. The SDK's own retries are off (maxRetries 0)
 * because they sleep on the wall clock and are invisible: here every wait is a clock timer (so
 * a virtual clock drives them in tests) and every retry is reported through `onRetry`.
 */
import { instantOf, type Clock, type TimerHandle } from '../../engine/base/clock';
import { CancelledError } from '../../engine/base/tasks';
import { ProviderError, timeoutError, toProviderError, type ErrorContext, type ProviderKind } from './errors';

export interface RetryPolicy {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, initialDelayMs: 500, maxDelayMs: 8000 };

/** Exponential backoff without jitter, so runs on a virtual clock are reproducible. */
export function backoffDelayMs(policy: RetryPolicy, retryIndex: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retryIndex);
}

export interface RetryInfo {
  provider: string;
  kind: ProviderKind;
  /** Where the provider's settings live (`providers.llm[1]`). */
  setting: string;
  /** The attempt that failed (1-based). */
  failedAttempt: number;
  delayMs: number;
  error: ProviderError;
}

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

export interface RetryArgs<T> {
  clock: Clock;
  policy: RetryPolicy;
  timeoutMs: number;
  /** Overall deadlines of the request; none when absent. */
  deadlines?: Deadlines;
  signal: AbortSignal;
  ctx: ErrorContext;
  onRetry?: (info: RetryInfo) => void;
  /** False once the attempt gave out something that cannot be taken back (spoken text). */
  retryAllowed?: () => boolean;
  run: (attempt: Attempt) => Promise<T>;
}

const NO_DEADLINES: Deadlines = { firstTokenTimeoutMs: 0, totalTimeoutMs: 0 };

/**
 * Runs `run` until it succeeds, the error is not retryable, retries are exhausted, an overall
 * deadline passes (then the error names the deadline's setting and is not retried) or the caller
 * aborts (then the abort reason is thrown, so callers can tell cancellation from failure). A retry
 * whose backoff would end after a deadline is not made: the request fails at once, saying why.
 */
export async function withRetries<T>(args: RetryArgs<T>): Promise<T> {
  const budget = new RequestBudget(args.clock, args.deadlines ?? NO_DEADLINES, args.signal);
  let sawData = false;
  try {
    for (let n = 1; ; n++) {
      const attempt = new Attempt(args.clock, args.timeoutMs, budget.signal, budget);
      let err: ProviderError;
      try {
        const result = await args.run(attempt);
        // The SDK ends an aborted stream quietly; a timeout must still count as a failure.
        if (attempt.timedOut || budget.expired) throw new CancelledError('attempt timed out');
        return result;
      } catch (e) {
        if (args.signal.aborted) throw args.signal.reason ?? new CancelledError();
        sawData ||= attempt.receivedData;
        if (budget.expired) {
          err = deadlineError(args.ctx, budget, n, sawData);
          err.attempts = n;
          throw err;
        }
        err = attempt.timedOut
          ? timeoutError(args.ctx, attempt.receivedData ? 'next chunk' : 'first byte')
          : toProviderError(e, args.ctx);
        err.attempts = n;
      } finally {
        // Before the backoff sleep, so the only timers pending while waiting are the backoff and the budget.
        attempt.dispose();
      }
      const allowed = args.retryAllowed?.() ?? true;
      if (!err.retryable || n > args.policy.maxRetries || !allowed) {
        if (n > 1 && allowed) err.message += ` (gave up after ${n} attempts)`;
        throw err;
      }
      const delayMs = backoffDelayMs(args.policy, n - 1);
      if (delayMs >= budget.remainingMs()) {
        const phase = budget.nearest();
        err.message += ` (not retried: the next attempt would start after the ${deadlineSetting(args.ctx, phase)} deadline of ${deadlineMs(budget, phase)} ms; ${n} attempt${n > 1 ? 's' : ''} made)`;
        throw err;
      }
      args.onRetry?.({
        provider: args.ctx.provider,
        kind: args.ctx.kind,
        setting: args.ctx.settingPrefix,
        failedAttempt: n,
        delayMs,
        error: err,
      });
      try {
        await args.clock.sleep(delayMs, budget.signal);
      } catch (e) {
        if (args.signal.aborted) throw args.signal.reason ?? new CancelledError();
        if (budget.expired) {
          const d = deadlineError(args.ctx, budget, n, sawData);
          d.attempts = n;
          throw d;
        }
        throw e;
      }
    }
  } finally {
    budget.dispose();
  }
}

function deadlineSetting(ctx: ErrorContext, phase: DeadlinePhase): string {
  return `${ctx.settingPrefix}.${phase === 'first_token' ? 'firstTokenTimeoutMs' : 'totalTimeoutMs'}`;
}

function deadlineMs(budget: RequestBudget, phase: DeadlinePhase): number {
  return phase === 'first_token' ? budget.deadlines.firstTokenTimeoutMs : budget.deadlines.totalTimeoutMs;
}

/** The error of a request whose overall deadline passed: final, names the setting. */
export function deadlineError(
  ctx: ErrorContext,
  budget: RequestBudget,
  attempts: number,
  sawData: boolean,
): ProviderError {
  const phase = budget.expired ?? budget.nearest();
  const setting = deadlineSetting(ctx, phase);
  const ms = deadlineMs(budget, phase);
  const tries = `${attempts} attempt${attempts > 1 ? 's' : ''}`;
  const what =
    phase === 'total'
      ? `the request to ${ctx.origin} did not finish within ${ms} ms (${setting}, ${tries})`
      : sawData
        ? `nothing usable from ${ctx.origin} within ${ms} ms (${setting}, ${tries}): it answered but sent only empty chunks`
        : `no first ${firstWhat(ctx.kind)} from ${ctx.origin} within ${ms} ms (${setting}, ${tries})`;
  return new ProviderError({
    provider: ctx.provider,
    kind: ctx.kind,
    code: 'timeout',
    setting,
    retryable: false,
    message: `${ctx.provider} ${ctx.kind}: ${what}: check that the server is running and answering, or raise ${setting}`,
  });
}

function firstWhat(kind: ProviderKind): string {
  return kind === 'llm' ? 'token' : kind === 'tts' ? 'audio' : 'transcript';
}

/** The origin of a base URL, for messages (never the path's query, which might hold secrets). */
export function originOf(baseURL: string): string {
  try {
    return new URL(baseURL).origin;
  } catch {
    return baseURL;
  }
}
