/**
 * An unbounded async queue: producers `send`, one consumer iterates. Closing ends the iteration
 * after the buffered items; `close(err)` makes the consumer throw instead.
 *
 * Items are read through a head index rather than `Array#shift`, which copies the array in V8
 * once it is large: draining 1,000,000 buffered items took over ten minutes that way.
 */
export class Channel<T> implements AsyncIterable<T> {
  private buffer: T[] = [];
  /** Index of the next item to read in `buffer`. */
  private head = 0;
  private waiter: ((r: IteratorResult<T>) => void) | null = null;
  private failWaiter: ((e: unknown) => void) | null = null;
  private closedFlag = false;
  private error: unknown = undefined;

  get closed(): boolean {
    return this.closedFlag;
  }

  get size(): number {
    return this.buffer.length - this.head;
  }

  send(item: T): void {
    if (this.closedFlag) throw new Error('send on a closed channel');
    if (this.waiter) {
      const w = this.waiter;
      this.clearWaiter();
      w({ value: item, done: false });
    } else {
      this.buffer.push(item);
    }
  }

  /** Like send, but ignores the item when the channel is closed. */
  trySend(item: T): boolean {
    if (this.closedFlag) return false;
    this.send(item);
    return true;
  }

  close(err?: unknown): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.error = err;
    if (this.waiter) {
      const w = this.waiter;
      const f = this.failWaiter;
      this.clearWaiter();
      if (err !== undefined && f) f(err);
      else w({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.buffer.length) return Promise.resolve({ value: this.take(), done: false });
    if (this.closedFlag) {
      if (this.error !== undefined) return Promise.reject(this.error);
      return Promise.resolve({ value: undefined, done: true });
    }
    if (this.waiter) return Promise.reject(new Error('Channel has a single consumer'));
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: async () => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }

  private take(): T {
    const item = this.buffer[this.head];
    this.buffer[this.head] = undefined as T; // let the item be collected
    this.head += 1;
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private clearWaiter(): void {
    this.waiter = null;
    this.failWaiter = null;
  }
}
