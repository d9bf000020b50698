/**
 * Retries with deadlines on the injected clock, for any provider. SDK retries stay off (the
 * OpenAI client's maxRetries is 0) because they sleep on the wall clock and are invisible: here
 * every wait is a clock timer (so a virtual clock drives them in tests) and every retry is
 * reported through `onRetry`. What a thrown error means is the provider's call (`classify`).
 */
import { CancelledError, type Clock } from '../../engine';
import { ProviderError, timeoutError, type ErrorContext, type ProviderKind } from './provider-error';
import { Attempt, RequestBudget, type DeadlinePhase, type Deadlines } from './request-budget';

export type { DeadlinePhase, Deadlines } from './request-budget';

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

export interface RetryArgs<T> {
  clock: Clock;
  policy: RetryPolicy;
  timeoutMs: number;
  /** Overall deadlines of the request; none when absent. */
  deadlines?: Deadlines;
  signal: AbortSignal;
  ctx: ErrorContext;
  /** Maps what an attempt threw to a ProviderError (openai/errors.ts `toProviderError`). */
  classify: (err: unknown, ctx: ErrorContext) => ProviderError;
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
          : args.classify(e, args.ctx);
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
