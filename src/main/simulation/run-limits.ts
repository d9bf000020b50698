/**
 * Budgets of one headless scenario run. A valid file can still ask for an hour of work
 * (`drainAfterMs: 1e9` is 11 days of virtual time, stepped 10 ms at a time): the virtual-time cap
 * refuses such a run before it starts, and the wall-clock budget is a watchdog for anything else
 * that keeps the engine busy. Either failure names the limit and the runner flag that raises it;
 * the run fails and the suite goes on with the next scenario.
 */

export interface RunLimits {
  /** Longest run end (format §6: last speech or action + drainAfterMs), in virtual ms. */
  maxVirtualMs: number;
  /** Real time one scenario may take, in ms; checked between engine steps. */
  wallBudgetMs: number;
}

/** 10 minutes of virtual time: 20x the longest shipped scenario. */
export const DEFAULT_MAX_VIRTUAL_MS = 600_000;
/** A minute of real time per scenario; shipped scenarios take well under a second. */
export const DEFAULT_WALL_BUDGET_MS = 60_000;

export const MAX_VIRTUAL_MS_FLAG = '--max-virtual-ms';
export const WALL_BUDGET_FLAG = '--timeout-ms';

export const DEFAULT_RUN_LIMITS: Readonly<RunLimits> = Object.freeze({
  maxVirtualMs: DEFAULT_MAX_VIRTUAL_MS,
  wallBudgetMs: DEFAULT_WALL_BUDGET_MS,
});

export function resolveRunLimits(limits: Partial<RunLimits> = {}): RunLimits {
  return { ...DEFAULT_RUN_LIMITS, ...limits };
}

/** A run stopped by one of its budgets; `message` says which, the value and the flag. */
export class ScenarioBudgetError extends Error {
  constructor(
    readonly budget: 'virtual-time' | 'wall-clock',
    readonly limitMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'ScenarioBudgetError';
  }
}

export function virtualTimeExceeded(runEndMs: number, limitMs: number): ScenarioBudgetError {
  return new ScenarioBudgetError(
    'virtual-time',
    limitMs,
    `the script runs until ${runEndMs} ms of virtual time (last user speech or action + drainAfterMs), ` +
      `over the cap of ${limitMs} ms per scenario; raise it with ${MAX_VIRTUAL_MS_FLAG} N`,
  );
}

export function wallBudgetExceeded(limitMs: number, virtualMs: number): ScenarioBudgetError {
  return new ScenarioBudgetError(
    'wall-clock',
    limitMs,
    `stopped after ${limitMs} ms of real time (the wall-clock budget per scenario), at ${Math.round(virtualMs)} ms ` +
      `of virtual time; raise it with ${WALL_BUDGET_FLAG} N`,
  );
}

/**
 * Parses a flag value: a positive number of ms. Returns the number or a message for the user.
 */
export function parseLimitMs(flag: string, raw: string | undefined): number | string {
  if (raw === undefined || raw.trim() === '') return `${flag} needs a number of milliseconds`;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    return `${flag} expects a positive number of milliseconds; got ${JSON.stringify(raw)}`;
  return n;
}
