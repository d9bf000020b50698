import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import { createMemoryLogger } from '../log';
import { loadDemoConfig } from './demo';
import { changedPaths } from './hot-config';
import { SessionHost, type HostPush } from './session-host';

function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    setTimer: (fn: () => void) => {
      pending.set(next, fn);
      return next++;
    },
    clearTimer: (h: unknown) => pending.delete(h as number),
    runAll: () => {
      for (const [h, fn] of [...pending]) {
        pending.delete(h);
        fn();
      }
    },
    get size() {
      return pending.size;
    },
  };
}

function makeHost(extra: Partial<ConstructorParameters<typeof SessionHost>[0]> = {}) {
  const logger = createMemoryLogger();
  const timers = manualTimers();
  const host = new SessionHost({
    transport: 'ipc',
    logger,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    // Config mechanics on the schema defaults; the demo default has its own test.
    demoConfig: null,
    keys: null,
    ...extra,
  });
  const pushes: HostPush[] = [];
  host.subscribe((p) => pushes.push(p));
  return { host, logger, timers, pushes };
}

const vad = (t: number): EngineEvent => ({
  type: 'vad_inference',
  t,
  probability: 0.5,
  speechDurationMs: 0,
  silenceDurationMs: 0,
  speaking: false,
});

describe('SessionHost', () => {
  it('starts idle with the default config and its transport', async () => {
    const { host } = makeHost();
    const result = await host.handlers.getState({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.status).toMatchObject({ phase: 'idle', sessionId: null, transport: 'ipc' });
    expect(result.value.config.options.minEndpointingDelayMs).toBe(500);
    expect(result.value.events).toEqual([]);
    // This host has no demo: the editor's "Reset to demo" says so rather than guess one.
    expect(result.value.demoConfig).toBeNull();
  });

  it('falls back to defaults when the initial config is invalid, and logs why', () => {
    const { host, logger } = makeHost({ initialConfig: { options: { minEndpointingDelayMs: 'soon' } } });
    expect(host.getConfig().options.minEndpointingDelayMs).toBe(500);
    expect(logger.records[0]).toMatchObject({ level: 'warn', msg: 'initial config invalid, using defaults' });
  });

  it('opens on the demo config when there is no saved config, and when the saved one is invalid', async () => {
    const demo = loadDemoConfig();
    expect(demo.ok ? demo.path : demo.reason).toMatch(/resources\/demo\/demo-config\.json$/);
    if (!demo.ok) return;
    expect(makeHost({ demoConfig: undefined }).host.getConfig()).toEqual(demo.config);
    // getState hands the demo to the editor ("Reset to demo"), whatever the current config is.
    const edited = makeHost({ demoConfig: undefined, initialConfig: { inputMode: 'text' } });
    const state = await edited.host.handlers.getState({});
    expect(state.ok && state.value.demoConfig).toEqual(demo.config);
    const bad = makeHost({ demoConfig: undefined, initialConfig: { inputMode: 'telepathy' } });
    expect(bad.host.getConfig()).toEqual(demo.config);
    // The demo exercises the voice path: a caller with a tool call, a barge-in and a backchannel.
    expect(demo.config.providers).toMatchObject({ vad: { provider: 'silero' }, tts: { provider: 'local' } });
    expect(demo.config.caller.turns.some((t) => t.bargeIn && t.transcribe !== false)).toBe(true);
    expect(demo.config.caller.turns.some((t) => t.bargeIn && t.transcribe === false)).toBe(true);
    // A saved config wins.
    expect(
      makeHost({ demoConfig: undefined, initialConfig: { inputMode: 'text' } }).host.getConfig().inputMode,
    ).toBe('text');
  });

  it('updateConfig refuses an invalid value, naming the field inside the config', async () => {
    const { host } = makeHost();
    const result = await host.handlers.updateConfig({ config: { options: { minEndpointingDelayMs: -1 } } });
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'invalid_input',
      field: 'options.minEndpointingDelayMs',
    });
    expect(result.ok ? '' : result.error.message).toMatch(/^options\.minEndpointingDelayMs: /);
    expect(host.getConfig().options.minEndpointingDelayMs).toBe(500);
  });

  it('updateConfig stores a valid config and returns the changed field names', async () => {
    const { host } = makeHost();
    const result = await host.handlers.updateConfig({
      config: { options: { minEndpointingDelayMs: 300, preemptiveGeneration: true }, inputMode: 'text' },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        applied: ['inputMode', 'options.minEndpointingDelayMs', 'options.preemptiveGeneration'],
        requiresRestart: [],
      },
    });
    expect(host.getConfig().options.minEndpointingDelayMs).toBe(300);
  });

  it('lists no recordings in a missing dir, and answers no_session for session commands while idle', async () => {
    const { host } = makeHost({
      recordingsDir: join(tmpdir(), `studio-no-recordings-${process.pid}-${Date.now()}`),
    });
    expect(await host.handlers.listRecordings({})).toEqual({
      ok: true,
      value: { recordings: [], problems: [] },
    });
    for (const result of [
      await host.handlers.sendText({ text: 'hi' }),
      await host.handlers.interrupt({}),
      await host.handlers.stopSession({}),
    ]) {
      expect(result.ok ? null : result.error.code).toBe('no_session');
    }
  });

  it('pushes status changes to subscribers and stops after unsubscribe', () => {
    const { host, pushes } = makeHost();
    const seen: HostPush[] = [];
    const off = host.subscribe((p) => seen.push(p));
    host.setStatus({ phase: 'starting' });
    off();
    host.setStatus({ phase: 'error', lastError: 'x' });
    expect(seen).toHaveLength(1);
    expect(pushes.map((p) => p.event)).toEqual(['status', 'status']);
    expect(pushes[1]).toMatchObject({
      event: 'status',
      payload: { phase: 'error', lastError: 'x', transport: 'ipc' },
    });
  });

  it('batches engine events into one push per window and keeps a bounded buffer', () => {
    const { host, timers, pushes } = makeHost({ eventBufferSize: 3 });
    host.ingestEvents('s1', [vad(1), vad(2)]);
    host.ingestEvents('s1', [vad(3), vad(4)]);
    expect(pushes).toHaveLength(0);
    expect(timers.size).toBe(1);
    timers.runAll();
    expect(pushes).toEqual([
      { event: 'events', payload: { sessionId: 's1', events: [vad(1), vad(2), vad(3), vad(4)] } },
    ]);
    const state = host.handlers.getState({});
    expect('ok' in state && state.ok ? state.value.events.map((e) => e.t) : null).toEqual([2, 3, 4]);
  });

  it('flushes a batch when the session changes, and dispose leaves no timer or listener', () => {
    const { host, timers, pushes } = makeHost();
    host.ingestEvents('s1', [vad(1)]);
    host.ingestEvents('s2', [vad(2)]);
    expect(pushes).toHaveLength(1);
    host.dispose();
    expect(pushes.map((p) => (p.event === 'events' ? p.payload.sessionId : null))).toEqual(['s1', 's2']);
    expect(timers.size).toBe(0);
    expect(host.listenerCount).toBe(0);
  });

  it('keeps pushing to other listeners when one throws', () => {
    const { host, pushes, logger } = makeHost();
    host.subscribe(() => {
      throw new Error('dead socket');
    });
    host.setStatus({ phase: 'running' });
    host.setStatus({ phase: 'idle' });
    expect(pushes).toHaveLength(2);
    expect(logger.records.filter((r) => r.msg === 'push listener failed')).toHaveLength(2);
  });
});

describe('changedPaths', () => {
  it('lists differing leaves and compares arrays whole', () => {
    expect(changedPaths({ a: { b: 1, c: 2 }, l: [1] }, { a: { b: 1, c: 3 }, l: [1, 2] })).toEqual([
      'a.c',
      'l',
    ]);
    expect(changedPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
