/**
 * The shutdown coordinator's rules on a fake process and a manual timer: the first signal aborts
 * `stopping`, the work's own exit code wins when it finishes in time, the bound forces an exit
 * with a message, a second signal exits at once, one-shot commands are interrupted at once.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  SHUTDOWN_BOUND_MS,
  ShutdownRequested,
  signalExitCode,
  superviseSignals,
  untilAborted,
  type ShutdownSignal,
  type SignalProcess,
} from './shutdown';

function rig(opts: { graceful?: boolean } = {}) {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const out: string[] = [];
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const proc: SignalProcess = {
    on: (s, l) => emitter.on(s, l),
    off: (s, l) => emitter.off(s, l),
    exit: (code) => void exits.push(code),
  };
  const supervise = (work: (stopping: AbortSignal) => Promise<number>) =>
    superviseSignals(work, {
      name: 'test',
      graceful: opts.graceful ?? true,
      proc,
      write: (t) => void out.push(t),
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimer: (h) => void ((h as { cleared: boolean }).cleared = true),
    });
  const send = (s: ShutdownSignal) => emitter.emit(s);
  return { emitter, exits, out, timers, supervise, send };
}

describe('superviseSignals', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    '%s aborts stopping; the work stops and its exit code is returned, nothing forced',
    async (signal) => {
      const r = rig();
      let reason: unknown;
      const done = r.supervise(async (stopping) => {
        await untilAborted(stopping);
        reason = stopping.reason;
        return 0;
      });
      r.send(signal);
      expect(await done).toBe(0);
      expect(reason).toBeInstanceOf(ShutdownRequested);
      expect((reason as ShutdownRequested).signal).toBe(signal);
      expect(r.exits).toEqual([]);
      expect(r.timers).toHaveLength(1);
      expect(r.timers[0].ms).toBe(SHUTDOWN_BOUND_MS);
      expect(r.timers[0].cleared).toBe(true);
      expect(r.out.join('')).toContain(`test: ${signal} received; stopping`);
      // Listeners are gone once the work is done.
      expect(r.emitter.listenerCount(signal)).toBe(0);
    },
  );

  it('a stop that outlasts the bound ends in a forced exit with a message', async () => {
    const r = rig();
    void r.supervise(async (stopping) => {
      await untilAborted(stopping);
      return new Promise<number>(() => undefined);
    });
    r.send('SIGTERM');
    await Promise.resolve();
    expect(r.exits).toEqual([]);
    r.timers[0].fn();
    expect(r.exits).toEqual([143]);
    expect(r.out.join('')).toContain(`did not finish within ${SHUTDOWN_BOUND_MS} ms`);
  });

  it('a second signal exits at once, with the code of that signal', () => {
    const r = rig();
    void r.supervise(() => new Promise<number>(() => undefined));
    r.send('SIGTERM');
    expect(r.exits).toEqual([]);
    r.send('SIGINT');
    expect(r.exits).toEqual([130]);
    expect(r.out.join('')).toContain('SIGINT again; exiting at once');
  });

  it('a command that holds no session is interrupted at once', () => {
    const r = rig({ graceful: false });
    let aborted = false;
    void r.supervise(async (stopping) => {
      stopping.addEventListener('abort', () => (aborted = true));
      return new Promise<number>(() => undefined);
    });
    r.send('SIGHUP');
    expect(r.exits).toEqual([signalExitCode('SIGHUP')]);
    expect(r.out.join('')).toBe('test: interrupted by SIGHUP\n');
    expect(aborted).toBe(false);
    expect(r.timers).toHaveLength(0);
  });

  it('work that ends by itself removes its listeners and arms no timer', async () => {
    const r = rig();
    expect(await r.supervise(async () => 3)).toBe(3);
    expect(r.emitter.eventNames()).toEqual([]);
    expect(r.timers).toHaveLength(0);
  });

  it('work that throws still removes its listeners', async () => {
    const r = rig();
    await expect(
      r.supervise(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(r.emitter.eventNames()).toEqual([]);
  });

  it('exit codes follow the 128 + signal number convention', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
    expect(signalExitCode('SIGHUP')).toBe(129);
  });
});
