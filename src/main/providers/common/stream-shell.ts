/**
 * The shell every provider stream repeats around its own work: an output channel, an abort
 * controller (also aborted by an outside signal), one worker whose end closes the output — with
 * its error, unless the stream was closed and the error is just that cancellation — a `close()`
 * that aborts and then awaits the worker, and an iterator whose `return()` (a consumer leaving a
 * for-await) closes the stream, so breaking out never leaves a request or an engine process behind.
 */
import { CancelledError, Channel, isCancelled } from '../../engine';

export interface StreamShellInit {
  /** The abort reason's message when the stream is closed (`tts stream closed`). */
  closedReason: string;
  /** Stops the stream's inputs once aborted, so the worker can end (close a VAD, a segment queue). */
  onAbort?: () => void | Promise<void>;
}

export class StreamShell<T> {
  readonly out = new Channel<T>();
  private readonly ctrl = new AbortController();
  private worker: Promise<void> = Promise.resolve();
  private aborting: Promise<void> | null = null;

  constructor(private readonly init: StreamShellInit) {}

  /** Aborted when the stream is closed (or its outside signal aborts). */
  get signal(): AbortSignal {
    return this.ctrl.signal;
  }

  /**
   * Starts the worker. `outside` (the caller's signal) aborts the stream too; the listener is
   * removed when the worker ends, so a stream never stays registered on a long-lived signal.
   */
  start(run: (signal: AbortSignal) => Promise<void>, outside?: AbortSignal): void {
    const onOutsideAbort = (): void => void this.abort();
    if (outside?.aborted) void this.abort();
    else outside?.addEventListener('abort', onOutsideAbort, { once: true });
    this.worker = run(this.ctrl.signal)
      .then(
        () => this.out.close(),
        (err: unknown) => this.out.close(isCancelled(err) && this.ctrl.signal.aborted ? undefined : err),
      )
      .finally(() => outside?.removeEventListener('abort', onOutsideAbort));
  }

  /** Aborts the worker and stops the inputs (once); does not wait for the worker. */
  abort(): Promise<void> {
    if (!this.aborting) {
      this.ctrl.abort(new CancelledError(this.init.closedReason));
      this.aborting = Promise.resolve(this.init.onAbort?.());
    }
    return this.aborting;
  }

  /** Aborts, then waits until the worker has ended and the output is closed. */
  async close(): Promise<void> {
    await this.abort();
    await this.worker;
  }

  /** The stream's iterator: `return()` closes the stream. */
  iterator(): AsyncIterator<T> {
    return {
      next: () => this.out.next(),
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }
}
