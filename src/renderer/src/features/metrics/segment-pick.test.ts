import { beforeEach, describe, expect, it } from 'vitest';
import { resetStudioStore, useStudioStore } from '../../store/studio-store';
import { pickSegment } from './segment-pick';

describe('pickSegment', () => {
  beforeEach(() => resetStudioStore());

  it('moves the cursor to the segment and selects its interval; a new feed source clears it', () => {
    pickSegment({ startAt: 6500, endAt: 6800, label: 'LLM request → first token' });
    const s = useStudioStore.getState();
    expect(s.timelineCursorMs).toBe(6500);
    expect(s.timelineSelection).toEqual({ startMs: 6500, endMs: 6800, label: 'LLM request → first token' });
    useStudioStore.setState({ feedSource: { ...s.feedSource } });
    expect(useStudioStore.getState().timelineSelection).toBeNull();
  });
});
