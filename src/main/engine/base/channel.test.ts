import { describe, expect, it } from 'vitest';
import { Channel } from './channel';

describe('Channel', () => {
  it('delivers buffered items in order, then ends once closed', async () => {
    const ch = new Channel<number>();
    for (let i = 0; i < 5; i += 1) ch.send(i);
    ch.close();
    expect(ch.size).toBe(5);
    const got: number[] = [];
    for await (const x of ch) got.push(x);
    expect(got).toEqual([0, 1, 2, 3, 4]);
    expect(ch.size).toBe(0);
  });

  it('hands an item straight to a waiting consumer, and fails it on close(err)', async () => {
    const ch = new Channel<string>();
    const first = ch.next();
    ch.send('a');
    expect(await first).toEqual({ value: 'a', done: false });
    const second = ch.next();
    ch.close(new Error('boom'));
    await expect(second).rejects.toThrow('boom');
    expect(() => ch.send('b')).toThrow('send on a closed channel');
  });

  it('drains a million buffered items in one pass, interleaved with sends (was Array#shift per item)', async () => {
    // objects, as the engine sends (V8 shifts small-integer arrays cheaply, object arrays not)
    const ch = new Channel<{ i: number }>();
    const n = 1_000_000;
    for (let i = 0; i < n; i += 1) ch.send({ i });
    let expected = 0;
    let sent = n;
    let outOfOrder = 0;
    for await (const { i: x } of ch) {
      if (x !== expected) outOfOrder += 1;
      expected += 1;
      if (expected === 600_000) {
        for (let i = 0; i < 10; i += 1) ch.send({ i: sent++ });
        ch.close();
      }
      if (expected % 250_000 === 0) expect(ch.size).toBe(sent - expected);
    }
    expect(outOfOrder).toBe(0);
    expect(expected).toBe(n + 10);
  });
});
