import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetStudioStore, useStudioStore } from '../../store/studio-store';
import { TimelineModel } from '../timeline/model/timeline-model';
import { TurnsMemo } from './turns-memo';

describe('TurnsMemo', () => {
  it('recomputes only when an input of the turns changed', () => {
    const model = new TimelineModel();
    const memo = new TurnsMemo(model);
    const first = memo.get();
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
    expect(memo.refresh()).toBe(false);
    expect(memo.get()).toBe(first);
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
    expect(memo.refresh()).toBe(true);
    const second = memo.get();
    expect(second.turns[0]).toMatchObject({ id: 's', e2eMs: 1_000 });
    // A new agent state changes an input but not the turns: same snapshot.
    model.ingest([{ type: 'agent_state_changed', oldState: 'listening', newState: 'thinking', t: 3_000 }]);
    expect(memo.refresh()).toBe(false);
    expect(memo.get()).toBe(second);
  });

  afterEach(() => vi.useRealTimers());

  it('refreshes once per tick and notifies every widget, not just the first', () => {
    vi.useFakeTimers();
    resetStudioStore();
    const model = new TimelineModel();
    const memo = new TurnsMemo(model, useStudioStore);
    const seen: string[] = [];
    const offA = memo.subscribe(() => seen.push('a'));
    const offB = memo.subscribe(() => seen.push('b'));
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
