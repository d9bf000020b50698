import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { resetStudioStore, useStudioStore } from '../../../store/studio-store';
import { attachModelToStore } from './model-sync';
import { TimelineModel } from './timeline-model';

const vad = (t: number): EngineEvent => ({
  type: 'vad_inference',
  probability: 0.5,
  speechDurationMs: 0,
  silenceDurationMs: 0,
  speaking: false,
  t,
});

describe('attachModelToStore', () => {
  beforeEach(() => resetStudioStore({ eventCapacity: 5 }));

  it('ingests only the appended events, once per batch', () => {
    const model = new TimelineModel();
    const sync = attachModelToStore(model, useStudioStore);
    const { appendLive: appendEvents } = useStudioStore.getState();
    appendEvents('s1', [vad(1), vad(2)]);
    appendEvents('s1', [vad(3)]);
    expect(model.eventCount).toBe(3);
    expect(model.version).toBe(3); // a new session (reset + ingest), then one more batch
    sync.dispose();
    appendEvents('s1', [vad(4)]);
    expect(model.eventCount).toBe(3);
  });

  it('keeps derived data past the ring capacity (the feed forgets, the model does not)', () => {
    const model = new TimelineModel();
    attachModelToStore(model, useStudioStore);
    for (let i = 0; i < 20; i++) useStudioStore.getState().appendLive('s1', [vad(i * 10), vad(i * 10 + 5)]);
    expect(model.vad.size).toBe(40);
    // One batch larger than the ring: the overflow is lost, what is held is appended, not rebuilt.
    useStudioStore.getState().appendLive('s1', [1000, 1001, 1002, 1003, 1004, 1005, 1006].map(vad));
    expect(model.vad.size).toBe(45);
  });

  it('rebuilds when the ring is replaced (reload) or a new session starts', () => {
    const model = new TimelineModel();
    attachModelToStore(model, useStudioStore);
    const s = useStudioStore.getState();
    s.appendLive('s1', [vad(1), vad(2)]);
    s.resetFeed({ kind: 'live', sessionId: 's1' }, [vad(1), vad(2), vad(3)]);
    expect(model.eventCount).toBe(3);
    s.appendLive('s2', [vad(100)]);
    expect(model.eventCount).toBe(1);
    expect(model.vad.timeAt(0)).toBe(100);
    s.resetFeed({ kind: 'live', sessionId: null });
    expect(model.eventCount).toBe(0);
  });

  it('picks up events that were in the ring before it attached', () => {
    useStudioStore.getState().appendLive('s1', [vad(1), vad(2)]);
    const model = new TimelineModel();
    attachModelToStore(model, useStudioStore, () => 42);
    expect(model.eventCount).toBe(2);
  });
});
