/**
 * Retries and timeouts on the injected clock. The SDK's own retries are off (maxRetries 0)
 * because they sleep on the wall clock and are invisible: here every wait is a clock timer (so
 * a virtual clock drives them in tests) and every retry is reported through `onRetry`.
 */
import type { Clock, TimerHandle } from '../../engine/base/clock';
import { CancelledError } from '../../engine/base/tasks';
import {
  timeoutError,
  toProviderError,
  type ErrorContext,
  type ProviderError,
  type ProviderKind,
} from './errors';

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
  /** The attempt that failed (1-based). */
  failedAttempt: number;
  delayMs: number;
  error: ProviderError;
}

/**
 * One attempt's abort controller: aborted by the caller's signal or by a deadline on the clock.
 * The deadline first bounds the wait for the response, then each wait for more data (`touch`),
 * like an HTTP read timeout, so a long reply is never cut for being long.
 */
export class Attempt {
  readonly controller = new AbortController();
  timedOut = false;
  /** Whether any data arrived; decides how a timeout is described. */
  receivedData = false;
  private timer: TimerHandle | null = null;
  private readonly onOuterAbort = (): void => this.controller.abort(this.outer.reason);

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly outer: AbortSignal,
  ) {
    if (outer.aborted) this.controller.abort(outer.reason);
    else outer.addEventListener('abort', this.onOuterAbort, { once: true });
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Data arrived: restart the deadline. */
  touch(): void {
    this.receivedData = true;
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
  signal: AbortSignal;
  ctx: ErrorContext;
  onRetry?: (info: RetryInfo) => void;
  /** False once the attempt gave out something that cannot be taken back (spoken text). */
  retryAllowed?: () => boolean;
  run: (attempt: Attempt) => Promise<T>;
}

/**
 * Runs `run` until it succeeds, the error is not retryable, retries are exhausted or the caller
 * aborts (then the abort reason is thrown, so callers can tell cancellation from failure).
 */
export async function withRetries<T>(args: RetryArgs<T>): Promise<T> {
  for (let n = 1; ; n++) {
    const attempt = new Attempt(args.clock, args.timeoutMs, args.signal);
    let err: ProviderError;
    try {
      const result = await args.run(attempt);
      // The SDK ends an aborted stream quietly; a timeout must still count as a failure.
      if (attempt.timedOut) throw new CancelledError('attempt timed out');
      return result;
    } catch (e) {
      if (args.signal.aborted) throw args.signal.reason ?? new CancelledError();
      err = attempt.timedOut
        ? timeoutError(args.ctx, attempt.receivedData ? 'next chunk' : 'first byte')
        : toProviderError(e, args.ctx);
      err.attempts = n;
    } finally {
      // Before the backoff sleep, so the only timer pending while waiting is the backoff.
      attempt.dispose();
    }
    const allowed = args.retryAllowed?.() ?? true;
    if (!err.retryable || n > args.policy.maxRetries || !allowed) {
      if (n > 1 && allowed) err.message += ` (gave up after ${n} attempts)`;
      throw err;
    }
    const delayMs = backoffDelayMs(args.policy, n - 1);
    args.onRetry?.({
      provider: args.ctx.provider,
      kind: args.ctx.kind,
      failedAttempt: n,
      delayMs,
      error: err,
    });
    await args.clock.sleep(delayMs, args.signal);
  }
}

/** The origin of a base URL, for messages (never the path's query, which might hold secrets). */
export function originOf(baseURL: string): string {
  try {
    return new URL(baseURL).origin;
  } catch {
    return baseURL;
  }
}
