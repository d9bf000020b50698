import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import type { PushedEvents, StudioStatus } from '../../shared/studio-api';
import { createMemoryLogger } from '../log';
import { EventBatcher } from './event-batcher';
import { PushHub } from './host-pushes';
import { HostStatus } from './host-status';

const vad = (t: number): EngineEvent => ({
  type: 'vad_inference',
  t,
  probability: 0,
  speechDurationMs: 0,
  silenceDurationMs: 0,
  speaking: false,
});

describe('EventBatcher', () => {
  const make = (capacity = 3) => {
    const timers: Array<() => void> = [];
    const batches: PushedEvents['events'][] = [];
    const b = new EventBatcher({
      capacity,
      batchMs: 50,
      setTimer: (fn) => timers.push(fn),
      clearTimer: () => undefined,
      push: (batch) => batches.push(batch),
    });
    return { b, timers, batches };
  };

  it('pushes one batch per window, keeps the newest events for getState, and restarts for a new source', () => {
    const { b, timers, batches } = make();
    b.ingest('s1', [vad(1), vad(2)]);
    b.ingest('s1', [vad(3), vad(4)]);
    expect(timers).toHaveLength(1);
    timers[0]();
    expect(batches.map((x) => x.events.map((e) => e.t))).toEqual([[1, 2, 3, 4]]);
    expect(b.snapshot().map((e) => e.t)).toEqual([2, 3, 4]);
    b.ingest('s1', [vad(5)]);
    // Another source flushes what the first had batched before its own events.
    b.ingest('replay', [vad(100)]);
    expect(batches.map((x) => x.sessionId)).toEqual(['s1', 's1']);
    b.restart();
    expect(batches.at(-1)).toEqual({ sessionId: 'replay', events: [vad(100)] });
    expect(b.snapshot()).toEqual([]);
  });
});

describe('HostStatus', () => {
  it('pushes phase and errors (redacted) but records agent/user state silently: the events carry those', () => {
    const pushed: StudioStatus[] = [];
    const s = new HostStatus(
      'ipc',
      (t) => t.replace('sk-secret', '[redacted]'),
      (st) => pushed.push(st),
    );
    s.set({ phase: 'running', sessionId: 's1' });
    s.observe({ type: 'agent_state_changed', t: 1, oldState: 'listening', newState: 'speaking' }, 'demo');
    s.observe({ type: 'user_state_changed', t: 2, oldState: 'listening', newState: 'speaking' }, 'demo');
    expect(pushed).toHaveLength(1);
    expect(s.get()).toMatchObject({ agentState: 'speaking', userState: 'speaking' });
    s.observe(
      { type: 'error', t: 3, source: 'llm', message: 'bad key sk-secret', recoverable: true },
      'demo',
    );
    s.observe({ type: 'warning', t: 4, source: 'demo', message: 'scripted twin' }, 'demo');
    expect(pushed.map((p) => p.lastError)).toEqual([null, 'llm: bad key [redacted]', 'scripted twin']);
  });
});

describe('PushHub', () => {
  it('a throwing listener is logged and the others still get the push', () => {
    const logger = createMemoryLogger();
    const hub = new PushHub(logger);
    const got: string[] = [];
    hub.subscribe(() => {
      throw new Error('boom');
    });
    const off = hub.subscribe((p) => got.push(p.event));
    hub.emit({ event: 'events', payload: { sessionId: 's', events: [] } });
    off();
    hub.emit({ event: 'events', payload: { sessionId: 's', events: [] } });
    expect(got).toEqual(['events']);
    expect(hub.size).toBe(1);
    expect(logger.records.filter((r) => r.msg === 'push listener failed')).toHaveLength(2);
  });
});
