import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetStudioStore, useStudioStore } from '../../store/studio-store';
import { TimelineModel } from '../timeline/model/timeline-model';
import { TurnsStore } from './turns-store';

describe('TurnsStore', () => {
  it('recomputes only when an input of the turns changed', () => {
    const model = new TimelineModel();
    const store = new TurnsStore(model);
    const first = store.get();
    expect(first.turns).toEqual([]);
    model.ingest([
      {
        type: 'vad_inference',
        probability: 0.2,
        speechDurationMs: 0,
        silenceDurationMs: 0,
        speaking: false,
        t: 1,
      },
    ]);
    expect(store.refresh()).toBe(false);
    expect(store.get()).toBe(first);
    model.ingest([
      {
        type: 'metrics_collected',
        t: 1_500,
        metrics: {
          type: 'eou',
          speechId: 's',
          timestamp: 1_500,
          endOfUtteranceDelayMs: 500,
          transcriptionDelayMs: 100,
          onUserTurnCompletedDelayMs: 0,
        },
      },
      { type: 'playback_started', speechId: 's', t: 2_000 },
    ]);
    expect(store.refresh()).toBe(true);
    const second = store.get();
    expect(second.turns[0]).toMatchObject({ id: 's', e2eMs: 1_000 });
    // A new agent state changes an input but not the turns: same snapshot.
    model.ingest([{ type: 'agent_state_changed', oldState: 'listening', newState: 'thinking', t: 3_000 }]);
    expect(store.refresh()).toBe(false);
    expect(store.get()).toBe(second);
  });

  afterEach(() => vi.useRealTimers());

  it('refreshes once per tick and notifies every widget, not just the first', () => {
    vi.useFakeTimers();
    resetStudioStore();
    const model = new TimelineModel();
    const store = new TurnsStore(model, useStudioStore);
    const seen: string[] = [];
    const offA = store.subscribe(() => seen.push('a'));
    const offB = store.subscribe(() => seen.push('b'));
    model.ingest([
      {
        type: 'metrics_collected',
        t: 5,
        metrics: {
          type: 'eou',
          speechId: 's',
          timestamp: 5,
          endOfUtteranceDelayMs: 1,
          transcriptionDelayMs: 0,
          onUserTurnCompletedDelayMs: 0,
        },
      },
    ]);
    useStudioStore.getState().appendLive('s1', [{ type: 'playback_started', speechId: 's', t: 5 }]);
    useStudioStore.getState().appendLive('s1', [{ type: 'playback_started', speechId: 's', t: 6 }]);
    vi.advanceTimersByTime(300);
    expect(seen).toEqual(['a', 'b']);
    offA();
    offB();
    useStudioStore.getState().appendLive('s1', [{ type: 'playback_started', speechId: 's', t: 7 }]);
    vi.advanceTimersByTime(300);
    expect(seen).toEqual(['a', 'b']);
  });
});
