import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock';
import { AsyncEvent, CancelledError, Future, TaskOwner, abortable, type Task } from './tasks';
import { Channel } from './channel';

describe('TaskOwner', () => {
  it('cancels and awaits every task on close', async () => {
    const clock = new VirtualClock();
    const owner = new TaskOwner();
    const ended: string[] = [];
    owner.spawn('a', async (signal) => {
      try {
        await clock.sleep(10_000, signal);
      } finally {
        ended.push('a');
      }
    });
    expect(owner.size).toBe(1);
    const closing = owner.close(clock, 1000);
    await clock.runUntil(10);
    expect(await closing).toBe(true);
    expect(ended).toEqual(['a']);
    expect(owner.size).toBe(0);
  });

  it('runs many tasks at once without hanging a listener per task on its signal', async () => {
    // A reply runs a dozen tasks on the activity's owner (LLM, TTS, forwarding, tools): that
    // raised "MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]".
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const clock = new VirtualClock();
      const owner = new TaskOwner();
      const release = new Future();
      const reasons: string[] = [];
      for (let i = 0; i < 30; i++)
        owner.spawn(`t${i}`, async (signal) => {
          try {
            await abortable(release.promise, signal);
          } catch (err) {
            reasons.push((err as Error).message);
          }
        });
      expect(owner.size).toBe(30);
      expect(getEventListeners(owner.signal, 'abort')).toHaveLength(0);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);

      // Closing still reaches every running task, and tasks spawned after close start cancelled.
      expect(await owner.close(clock, 1000)).toBe(true);
      expect(reasons).toHaveLength(30);
      expect(reasons[0]).toBe('t0: owner closed');
      expect(owner.size).toBe(0);
      const late = owner.spawn('late', async (signal) => signal.reason as Error);
      expect((await late.promise).message).toBe('late: owner closed');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('reports errors but not cancellations', async () => {
    const errors: string[] = [];
    const owner = new TaskOwner((name, err) => errors.push(`${name}:${(err as Error).message}`));
    owner.spawn('boom', async () => {
      throw new Error('bad');
    });
    owner.spawn('cancel', async () => {
      throw new CancelledError();
    });
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual(['boom:bad']);
  });
});

describe('primitives', () => {
  it('Future resolves once', async () => {
    const f = new Future<number>();
    f.resolve(1);
    f.resolve(2);
    expect(await f.promise).toBe(1);
    expect(f.done).toBe(true);
  });

  it('AsyncEvent wakes waiters and honours abort', async () => {
    const ev = new AsyncEvent();
    const ctrl = new AbortController();
    const w1 = ev.wait();
    const w2 = ev.wait(ctrl.signal);
    ctrl.abort(new CancelledError('x'));
    await expect(w2).rejects.toThrow('x');
    ev.set();
    await w1;
    expect(ev.waiterCount).toBe(0);
  });

  it('abortable rejects on abort', async () => {
    const ctrl = new AbortController();
    const p = abortable(new Promise(() => undefined), ctrl.signal);
    ctrl.abort(new CancelledError('gone'));
    await expect(p).rejects.toThrow('gone');
  });

  it("abortable's onSettle runs once when the source settles, before the result does, aborted or not", async () => {
    const log: string[] = [];
    const settleWith = async (name: string, signal: AbortSignal | undefined, fail: boolean) => {
      const src = new Future<string>();
      const p = abortable(src.promise, signal, () => log.push(`${name} settled`));
      const done = p.then(
        () => log.push(`${name} resolved`),
        () => log.push(`${name} rejected`),
      );
      return { src, done, fail };
    };
    const ok = await settleWith('ok', new AbortController().signal, false);
    ok.src.resolve('x');
    await ok.done;
    const failed = await settleWith('failed', new AbortController().signal, true);
    failed.src.reject(new Error('boom'));
    await failed.done;
    const noSignal = await settleWith('no signal', undefined, false);
    noSignal.src.resolve('y');
    await noSignal.done;

    // aborted while waiting: the result rejects at once, onSettle still waits for the source
    const ctrl = new AbortController();
    const late = await settleWith('late', ctrl.signal, false);
    ctrl.abort(new CancelledError('gone'));
    await late.done;
    log.push('late source resolves');
    late.src.resolve('z');
    // already aborted: the same
    const early = await settleWith('early', ctrl.signal, false);
    await early.done;
    early.src.reject(new Error('ignored'));
    await Promise.all([late.src.promise, early.src.promise.catch(() => undefined)]);
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual([
      'ok settled',
      'ok resolved',
      'failed settled',
      'failed rejected',
      'no signal settled',
      'no signal resolved',
      'late rejected',
      'late source resolves',
      'late settled',
      'early rejected',
      'early settled',
    ]);
  });

  it('Channel delivers in order and ends on close', async () => {
    const ch = new Channel<number>();
    ch.send(1);
    ch.send(2);
    setImmediate(() => {
      ch.send(3);
      ch.close();
    });
    const got: number[] = [];
    for await (const x of ch) got.push(x);
    expect(got).toEqual([1, 2, 3]);
  });
});

describe('TaskOwner retention', () => {
  it('a finished task keeps nothing its function closed over (a chain of tasks awaiting the previous one)', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    const owner = new TaskOwner();
    const payloads: WeakRef<object>[] = [];
    let prev: Task | null = null;
    for (let i = 0; i < 50; i++) {
      const payload = { big: new Array(1000).fill(i) };
      payloads.push(new WeakRef(payload));
      const oldTask = prev;
      prev = owner.spawn(`link ${i}`, async () => {
        if (oldTask) await oldTask.promise;
        return payload.big.length > 0 ? undefined : undefined;
      });
      await prev.promise;
    }
    // WeakRef targets stay alive until the current macrotask ends.
    await new Promise((r) => setImmediate(r));
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    // Only the last task is still referenced (by `prev`); no earlier link may be reachable.
    expect(payloads.slice(0, 48).filter((r) => r.deref() !== undefined)).toHaveLength(0);
    expect(prev?.done).toBe(true);
    expect(owner.size).toBe(0);
  });
});
