/**
 * The shell of a fallback stream: its output channel, the abort of its current attempt and the
 * task that runs the chain. A subclass sets up its own state, then calls `start`.
 */
import { Channel } from '../../engine';

export abstract class ChainStream<T> {
  protected readonly out = new Channel<T>();
  protected readonly ctrl = new AbortController();
  protected task: Promise<void> = Promise.resolve();

  /** Runs the chain; its end (or error) ends the output. */
  protected start(): void {
    this.task = this.run().then(
      () => this.out.close(),
      (err: unknown) => this.out.close(err),
    );
  }

  protected abstract run(): Promise<void>;

  abstract close(): Promise<void>;

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.out.next(),
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }
}
