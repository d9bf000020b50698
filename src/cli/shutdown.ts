/**
 * One rule for every command-line entry (studio web, the studio subcommands, the scenario
 * runner): SIGINT, SIGTERM and SIGHUP stop the work the way Stop does, within a bound, and a
 * second signal exits at once. A long-lived entry (web mode) receives the first signal as an
 * abort of its `stopping` signal, stops its session (close event, recording end line, MCP
 * children ended) and returns its exit code; if that takes longer than the bound the process
 * exits anyway, saying so. A one-shot entry that holds no session is interrupted at once.
 */
import { constants } from 'node:os';

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/** How long a graceful stop may take before the process exits without it. */
export const SHUTDOWN_BOUND_MS = 5000;

/** The part of `process` the coordinator needs; injectable so the rules are unit-tested. */
export interface SignalProcess {
  on(signal: ShutdownSignal, listener: () => void): unknown;
  off(signal: ShutdownSignal, listener: () => void): unknown;
  exit(code: number): void;
}

export interface SuperviseOptions {
  /** Names the entry in the messages, e.g. "studio web". */
  name: string;
  /**
   * true: the first signal aborts `stopping` and the work gets `boundMs` to finish. false: the
   * work holds nothing that needs stopping, so the first signal exits at once.
   */
  graceful: boolean;
  boundMs?: number;
  proc?: SignalProcess;
  /** Where the one-line notices go (stderr: stdout carries only what the user asked for). */
  write?: (text: string) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** The reason of an aborted `stopping` signal: which signal asked for the stop. */
export class ShutdownRequested extends Error {
  override name = 'ShutdownRequested';
  constructor(readonly signal: ShutdownSignal) {
    super(`stopped by ${signal}`);
  }
}

/** The conventional exit status of a process ended by `signal` (130 for SIGINT, 143 for SIGTERM). */
export function signalExitCode(signal: ShutdownSignal): number {
  return 128 + constants.signals[signal];
}

/**
 * Runs `work` under signal supervision and resolves with its exit code. The listeners are
 * removed when the work finishes, so a caller that exits afterwards leaves nothing behind.
 */
export async function superviseSignals(
  work: (stopping: AbortSignal) => Promise<number>,
  opts: SuperviseOptions,
): Promise<number> {
  const proc = opts.proc ?? process;
  const write = opts.write ?? ((text: string) => process.stderr.write(text));
  const boundMs = opts.boundMs ?? SHUTDOWN_BOUND_MS;
  const setTimer =
    opts.setTimer ??
    ((fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      // The bound must not be what keeps a finished process alive.
      t.unref();
      return t;
    });
  const clearTimer = opts.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const controller = new AbortController();
  let first: ShutdownSignal | null = null;
  let bound: unknown = null;

  const onSignal = (signal: ShutdownSignal) => {
    if (first !== null) {
      write(`${opts.name}: ${signal} again; exiting at once without finishing the stop\n`);
      proc.exit(signalExitCode(signal));
      return;
    }
    first = signal;
    if (!opts.graceful) {
      write(`${opts.name}: interrupted by ${signal}\n`);
      proc.exit(signalExitCode(signal));
      return;
    }
    write(`${opts.name}: ${signal} received; stopping (send it again to exit at once)\n`);
    bound = setTimer(() => {
      write(`${opts.name}: the stop did not finish within ${boundMs} ms; exiting without it\n`);
      proc.exit(signalExitCode(signal));
    }, boundMs);
    controller.abort(new ShutdownRequested(signal));
  };
  const listeners = SHUTDOWN_SIGNALS.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, listener] of listeners) proc.on(signal, listener);
  try {
    return await work(controller.signal);
  } finally {
    if (bound !== null) clearTimer(bound);
    for (const [signal, listener] of listeners) proc.off(signal, listener);
  }
}

/** Resolves when `signal` aborts (at once if it already has). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** What web mode serves: a session host and the server in front of it. */
export interface ServedStudio {
  sessionHost: { shutdown(): Promise<void> };
  close(): Promise<void>;
}

/**
 * Web mode's stop, as the Stop button does it and then some: the running session closes (its
 * close event, its recording's end line, its MCP children ended), then the sockets and the port.
 */
export async function stopServedStudio(server: ServedStudio): Promise<void> {
  await server.sessionHost.shutdown();
  await server.close();
}
