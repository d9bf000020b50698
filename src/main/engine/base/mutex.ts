/**
 * A minimal asyncio.Lock: the activity and the session serialize start/drain/pause/close with it
 * so a handoff cannot interleave with a close.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  get locked(): boolean {
    return this.holders > 0;
  }

  /** Runs `fn` once every earlier holder released the lock; releases it however `fn` ends. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    this.holders += 1;
    try {
      await previous;
      return await fn();
    } finally {
      this.holders -= 1;
      release();
    }
  }
}
