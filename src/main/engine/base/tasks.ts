/**
 * Async building blocks with owners: every task can be stopped (AbortSignal), is awaited on close
 * and cancelled with a time limit, so a closed session leaves nothing running (architecture §3.3).
 */
import { offAbort, onAbort, type AbortEntry } from './abort-hub';
import type { Clock } from './clock';

/** The reason given to aborted tasks; recognisable so cancellation is not reported as an error. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isCancelled(err: unknown): boolean {
  return (
    err instanceof CancelledError ||
    (err instanceof Error && (err.name === 'AbortError' || err.name === 'CancelledError'))
  );
}

/** A promise that can be resolved from outside, with a done flag (asyncio.Future). */
export class Future<T = void> {
  readonly promise: Promise<T>;
  private resolveFn!: (v: T) => void;
  private rejectFn!: (e: unknown) => void;
  private state: 'pending' | 'resolved' | 'rejected' = 'pending';
  private value: T | undefined;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    // A rejected future nobody awaits is not an unhandled rejection: the owner decides.
    this.promise.catch(() => undefined);
  }

  get done(): boolean {
    return this.state !== 'pending';
  }

  get result(): T | undefined {
    return this.value;
  }

  resolve(v: T): void {
    if (this.state !== 'pending') return;
    this.state = 'resolved';
    this.value = v;
    this.resolveFn(v);
  }

  reject(e: unknown): void {
    if (this.state !== 'pending') return;
    this.state = 'rejected';
    this.rejectFn(e);
  }
}

/** A settable flag that can be awaited (asyncio.Event). */
export class AsyncEvent {
  private flag = false;
  private waiters: Array<() => void> = [];

  get isSet(): boolean {
    return this.flag;
  }

  set(): void {
    if (this.flag) return;
    this.flag = true;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  clear(): void {
    this.flag = false;
  }

  /** Resolves when set; rejects with the signal's reason if aborted first. */
  wait(signal?: AbortSignal): Promise<void> {
    if (this.flag) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason ?? new CancelledError());
        return;
      }
      let entry: AbortEntry | null = null;
      const done = (): void => {
        if (entry) offAbort(entry);
        resolve();
      };
      this.waiters.push(done);
      if (signal)
        entry = onAbort(signal, () => {
          this.waiters = this.waiters.filter((w) => w !== done);
          reject(signal.reason ?? new CancelledError());
        });
    });
  }

  /** Waiters still parked; used by leak checks. */
  get waiterCount(): number {
    return this.waiters.length;
  }
}

/**
 * Rejects with the signal's reason when it aborts; otherwise settles like `p`. `onSettle` runs
 * when `p` settles, aborted or not, in the same reaction to `p` that settles the result (a
 * caller's own bookkeeping without a second reaction and promise).
 */
export function abortable<T>(
  p: Promise<T>,
  signal: AbortSignal | undefined,
  onSettle?: () => void,
): Promise<T> {
  if (!signal || signal.aborted) {
    if (onSettle) p.then(onSettle, onSettle);
    if (!signal) return p;
    return Promise.reject(signal.reason ?? new CancelledError());
  }
  // One entry in the signal's abort list per wait (abort-hub.ts: no EventTarget listener per await).
  return new Promise<T>((resolve, reject) => {
    const entry = onAbort(signal, () => reject(signal.reason ?? new CancelledError()));
    p.then(
      (v) => {
        onSettle?.();
        offAbort(entry);
        resolve(v);
      },
      (e) => {
        onSettle?.();
        offAbort(entry);
        reject(e);
      },
    );
  });
}

export interface Task<T = unknown> {
  readonly name: string;
  readonly promise: Promise<T>;
  readonly signal: AbortSignal;
  readonly done: boolean;
  /** Asks the task to stop (aborts its signal). */
  cancel(reason?: string): void;
}

/**
 * Owns a set of tasks. `spawn` starts one with its own AbortController; `close` aborts the owner's
 * signal and then each running task's controller, and waits for them with a time limit on the
 * given clock. The owner reaches its tasks through its own set, not through abort listeners on
 * its signal: an owner that runs a dozen tasks at once (a reply's LLM, TTS, forwarding and tool
 * tasks) would otherwise hang a listener per task on one long-lived signal.
 */
export class TaskOwner {
  private readonly tasks = new Map<Task, AbortController>();
  private readonly controller = new AbortController();

  constructor(private readonly onError: (name: string, err: unknown) => void = () => undefined) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get size(): number {
    return this.tasks.size;
  }

  names(): string[] {
    return [...this.tasks.keys()].map((t) => t.name);
  }

  spawn<T>(name: string, fn: (signal: AbortSignal) => Promise<T>): Task<T> {
    const ctrl = new AbortController();
    if (this.controller.signal.aborted) ctrl.abort(ownerClosed(name));
    const state: RunState<T> = { done: false, task: null };
    // `fn` is handed to run() and never captured here: the task object outlives its work (others
    // hold it to await it), and a closure over `fn` would keep everything `fn` closed over alive
    // with it, e.g. a chain of tasks that each awaited the previous one, back to session start.
    const promise = this.run(fn, ctrl.signal, state);
    promise.catch((err: unknown) => {
      if (!isCancelled(err)) this.onError(name, err);
    });
    const task: Task<T> = {
      name,
      promise,
      signal: ctrl.signal,
      get done() {
        return state.done;
      },
      cancel: (reason?: string) => ctrl.abort(new CancelledError(reason ?? `${name}: cancelled`)),
    };
    state.task = task;
    if (!state.done) this.tasks.set(task, ctrl);
    return task;
  }

  private async run<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
    state: RunState<T>,
  ): Promise<T> {
    try {
      return await fn(signal);
    } finally {
      state.done = true;
      if (state.task) this.tasks.delete(state.task);
    }
  }

  /** Cancels every task and waits up to `timeoutMs` (on `clock`) for them to finish. */
  async close(clock: Clock, timeoutMs = 5000): Promise<boolean> {
    this.controller.abort(new CancelledError('owner closed'));
    const running = [...this.tasks];
    for (const [task, ctrl] of running) ctrl.abort(ownerClosed(task.name));
    return waitAll(
      running.map(([task]) => task),
      clock,
      timeoutMs,
    );
  }
}

interface RunState<T> {
  done: boolean;
  task: Task<T> | null;
}

function ownerClosed(name: string): CancelledError {
  return new CancelledError(`${name}: owner closed`);
}

/** Waits for tasks to settle, up to a limit; resolves false if some were still running. */
export async function waitAll(tasks: Task[], clock: Clock, timeoutMs: number): Promise<boolean> {
  if (tasks.length === 0) return true;
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = clock.setTimer(() => resolve(false), timeoutMs);
  });
  const all = Promise.allSettled(tasks.map((t) => t.promise)).then(() => true);
  const ok = await Promise.race([all, timeout]);
  timer?.cancel();
  return ok;
}

/** Cancels the tasks and waits for them (asyncio cancel_and_wait). */
export async function cancelAndWait(tasks: Task[], clock: Clock, timeoutMs = 5000): Promise<boolean> {
  for (const t of tasks) t.cancel();
  return waitAll(tasks, clock, timeoutMs);
}
