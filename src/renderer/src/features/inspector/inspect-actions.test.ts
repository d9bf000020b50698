import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-events';
import { resetStudioStore, useStudioStore } from '../../store/studio-store';
import { pickEvent, pickRequest, requestOf } from './inspect-actions';

const ev: EngineEvent = { type: 'warning', source: 'tts', message: 'slow', t: 2224.3083900226757 };

describe('picking an event or a request', () => {
  beforeEach(() => resetStudioStore());

  it('opens the event and moves the live cursor to its time', () => {
    pickEvent(ev);
    const s = useStudioStore.getState();
    expect(s.inspectedEvent).toBe(ev);
    expect(s.timelineCursorMs).toBe(ev.t);
  });

  it('opens a request at its start', () => {
    pickRequest({ kind: 'llm', requestId: 'r1' }, 800);
    const s = useStudioStore.getState();
    expect(s.inspectedRequest).toEqual({ kind: 'llm', requestId: 'r1' });
    expect(s.timelineCursorMs).toBe(800);
  });

  it('knows which events belong to a request', () => {
    expect(requestOf(ev)).toBeNull();
    expect(requestOf({ type: 'tts_request', phase: 'start', requestId: 't1', speechId: null, t: 1 })).toEqual(
      { kind: 'tts', requestId: 't1' },
    );
  });

  it('a new source (another session, a recording) clears the picks', () => {
    pickEvent(ev);
    pickRequest({ kind: 'tts', requestId: 't1' }, 5);
    useStudioStore.getState().appendFeed([ev]);
    expect(useStudioStore.getState().timelineCursorMs).toBe(5);
    useStudioStore.getState().resetFeed({ kind: 'replay', recordingId: 'rec' });
    const s = useStudioStore.getState();
    expect([s.timelineCursorMs, s.inspectedEvent, s.inspectedRequest]).toEqual([null, null, null]);
  });
});
