import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Channel } from '../../engine/base/channel';
import { abortable } from '../../engine/base/tasks';
import { StreamShell } from './stream-shell';

/** A shell whose worker forwards `input` until the input ends or the stream is aborted. */
function forwarding(): { shell: StreamShell<number>; input: Channel<number>; aborts: () => number } {
  const input = new Channel<number>();
  let aborts = 0;
  const shell = new StreamShell<number>({
    closedReason: 'test stream closed',
    onAbort: () => {
      aborts += 1;
      input.close();
    },
  });
  shell.start(async (signal) => {
    for (;;) {
      const r = await abortable(input.next(), signal);
      if (r.done) return;
      shell.out.send(r.value);
    }
  });
  return { shell, input, aborts: () => aborts };
}

async function drain<T>(it: AsyncIterator<T>): Promise<T[]> {
  const got: T[] = [];
  for (let r = await it.next(); !r.done; r = await it.next()) got.push(r.value);
  return got;
}

describe('StreamShell', () => {
  it('ends the output when the worker ends', async () => {
    const { shell, input } = forwarding();
    input.send(1);
    input.send(2);
    input.close();
    expect(await drain(shell.iterator())).toEqual([1, 2]);
  });

  it('close() aborts once, waits for the worker and ends the output without an error', async () => {
    const { shell, input, aborts } = forwarding();
    input.send(7);
    await shell.close();
    await shell.close();
    expect(shell.signal.aborted).toBe(true);
    expect(aborts()).toBe(1);
    expect(shell.out.closed).toBe(true);
    await expect(drain(shell.iterator())).resolves.toBeInstanceOf(Array);
  });

  it("a worker's own failure reaches the reader", async () => {
    const shell = new StreamShell<number>({ closedReason: 'closed' });
    shell.start(() => Promise.reject(new Error('engine crashed')));
    await expect(drain(shell.iterator())).rejects.toThrow('engine crashed');
  });

  it('a failure that is not the cancellation still reaches the reader after close', async () => {
    const shell = new StreamShell<number>({ closedReason: 'closed' });
    shell.start(
      (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('socket reset while closing'))),
        ),
    );
    await shell.close();
    await expect(drain(shell.iterator())).rejects.toThrow('socket reset while closing');
  });

  it("leaving a for-await closes the stream (the iterator's return)", async () => {
    const { shell, input, aborts } = forwarding();
    input.send(1);
    input.send(2);
    for await (const v of { [Symbol.asyncIterator]: () => shell.iterator() }) {
      expect(v).toBe(1);
      break;
    }
    expect(aborts()).toBe(1);
    expect(shell.out.closed).toBe(true);
  });

  it('an outside signal aborts the stream; its listener goes when the worker ends', async () => {
    const outside = new AbortController();
    const input = new Channel<number>();
    const shell = new StreamShell<number>({ closedReason: 'closed', onAbort: () => input.close() });
    shell.start(async (sig) => {
      await abortable(input.next(), sig);
    }, outside.signal);
    expect(getEventListeners(outside.signal, 'abort')).toHaveLength(1);
    outside.abort();
    await drain(shell.iterator());
    expect(shell.signal.aborted).toBe(true);
    expect(getEventListeners(outside.signal, 'abort')).toHaveLength(0);
  });

  it('a stream that ends by itself leaves no listener on a long-lived signal', async () => {
    const outside = new AbortController();
    const shell = new StreamShell<number>({ closedReason: 'closed' });
    shell.start(() => Promise.resolve(), outside.signal);
    await drain(shell.iterator());
    await shell.close();
    expect(getEventListeners(outside.signal, 'abort')).toHaveLength(0);
  });

  it('a signal aborted before the start aborts the stream at once', async () => {
    const outside = new AbortController();
    outside.abort();
    const shell = new StreamShell<number>({ closedReason: 'closed' });
    shell.start((sig) => (sig.aborted ? Promise.resolve() : new Promise(() => undefined)), outside.signal);
    expect(await drain(shell.iterator())).toEqual([]);
  });
});
