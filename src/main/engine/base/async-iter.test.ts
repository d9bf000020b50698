import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Channel } from './channel';
import { untilAborted } from './async-iter';

function gcNow(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('untilAborted', () => {
  it('keeps nothing it has already yielded while the reader goes on (a live microphone)', async () => {
    const ch = new Channel<{ samples: Int16Array }>();
    const ctrl = new AbortController();
    const refs: WeakRef<object>[] = [];
    const reader = (async () => {
      let n = 0;
      for await (const frame of untilAborted(ch, ctrl.signal)) n += frame.samples.length > 0 ? 1 : 0;
      return n;
    })();
    for (let i = 0; i < 200; i++) {
      const frame = { samples: new Int16Array(160) };
      refs.push(new WeakRef(frame));
      ch.trySend(frame);
      await new Promise<void>((r) => setImmediate(r));
    }
    // Let a few macrotasks pass, then collect: every frame already read must be collectable.
    for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
    gcNow();
    const alive = refs.slice(0, 190).filter((r) => r.deref() !== undefined).length;
    expect(alive).toBe(0);
    ctrl.abort();
    expect(await reader).toBe(200);
  });

  it('stops at abort and asks the source to return', async () => {
    const ch = new Channel<number>();
    const ctrl = new AbortController();
    const got: number[] = [];
    const reader = (async () => {
      for await (const v of untilAborted(ch, ctrl.signal)) got.push(v);
    })();
    ch.trySend(1);
    await new Promise<void>((r) => setImmediate(r));
    ctrl.abort();
    await reader;
    expect(got).toEqual([1]);
  });
});
