import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/engine-events';
import { MAX_ERROR_NOTICES } from './feedback-slice';
import { resetStudioStore, useStudioStore } from './studio-store';

const ev = (t: number): EngineEvent => ({ type: 'agent_false_interruption', t, resumed: false });

describe('studio store', () => {
  beforeEach(() => resetStudioStore({ eventCapacity: 4 }));

  it('notifies subscribers once per batch, however many events it holds', () => {
    let notifications = 0;
    const off = useStudioStore.subscribe(() => notifications++);
    useStudioStore.getState().appendLive('s1', [ev(1), ev(2), ev(3)]);
    useStudioStore.getState().appendLive('s1', []);
    off();
    // One reset (a new session's view) carrying the batch: one notification.
    expect(notifications).toBe(1);
    const s = useStudioStore.getState();
    expect(s.feedVersion).toBe(1);
    expect(s.feed.toArray().map((e) => e.t)).toEqual([1, 2, 3]);
  });

  it('keeps only the newest events, and starts fresh for a new session', () => {
    const { appendLive } = useStudioStore.getState();
    appendLive('s1', [ev(1), ev(2), ev(3)]);
    appendLive('s1', [ev(4), ev(5)]);
    expect(
      useStudioStore
        .getState()
        .feed.toArray()
        .map((e) => e.t),
    ).toEqual([2, 3, 4, 5]);
    appendLive('s2', [ev(10)]);
    const s = useStudioStore.getState();
    expect(s.feedSource).toEqual({ kind: 'live', sessionId: 's2' });
    expect(s.feed.toArray().map((e) => e.t)).toEqual([10]);
  });

  it('replaces events wholesale after a reload', () => {
    useStudioStore.getState().appendLive('s1', [ev(1)]);
    useStudioStore.getState().resetFeed({ kind: 'live', sessionId: null }, [ev(7), ev(8)]);
    const s = useStudioStore.getState();
    expect(s.feedSource).toEqual({ kind: 'live', sessionId: null });
    expect(s.feed.toArray().map((e) => e.t)).toEqual([7, 8]);
  });

  it('caps the error notices and dismisses by id', () => {
    const { pushError } = useStudioStore.getState();
    for (let i = 0; i < MAX_ERROR_NOTICES + 2; i++)
      pushError({ source: `cmd${i}`, code: 'failed', message: `m${i}` });
    let errors = useStudioStore.getState().errors;
    expect(errors).toHaveLength(MAX_ERROR_NOTICES);
    expect(errors.at(-1)?.message).toBe(`m${MAX_ERROR_NOTICES + 1}`);
    useStudioStore.getState().dismissError(errors[0].id);
    errors = useStudioStore.getState().errors;
    expect(errors).toHaveLength(MAX_ERROR_NOTICES - 1);
  });

  it('counts commands in flight', () => {
    const { beginCommand, endCommand } = useStudioStore.getState();
    beginCommand('ping');
    beginCommand('ping');
    endCommand('ping');
    expect(useStudioStore.getState().inFlight.ping).toBe(1);
    endCommand('ping');
    expect(useStudioStore.getState().inFlight).toEqual({});
  });

  it('reset restores initial data but keeps the actions', () => {
    useStudioStore.getState().setTransport('websocket');
    useStudioStore.getState().setConnection({ state: 'refused', reason: 'Wrong token', code: 4401 });
    resetStudioStore();
    const s = useStudioStore.getState();
    expect(s.transport).toBeNull();
    expect(s.connection.state).toBe('connecting');
    expect(s.status).toBeNull();
    expect(typeof s.setTransport).toBe('function');
  });
});

describe('command outcomes', () => {
  beforeEach(() => resetStudioStore());

  it('numbers each finished command so equal outcomes are distinguishable', () => {
    const { recordOutcome } = useStudioStore.getState();
    recordOutcome('interrupt', false, 'not_available');
    recordOutcome('interrupt', false, 'not_available');
    expect(useStudioStore.getState().lastOutcome).toEqual({
      seq: 2,
      command: 'interrupt',
      ok: false,
      code: 'not_available',
    });
  });
});

describe('timeline zoom', () => {
  beforeEach(() => resetStudioStore());

  it('steps in and out symmetrically and stays in range', () => {
    const s = () => useStudioStore.getState();
    s().zoomTimelineIn();
    s().zoomTimelineOut();
    expect(s().timelineZoom).toBeCloseTo(1, 10);
    for (let i = 0; i < 50; i++) s().zoomTimelineIn();
    expect(s().timelineZoom).toBe(8);
    for (let i = 0; i < 50; i++) s().zoomTimelineOut();
    expect(s().timelineZoom).toBe(0.25);
    s().resetTimelineZoom();
    expect(s().timelineZoom).toBe(1);
  });
});
