import { beforeEach, describe, expect, it } from 'vitest';
import { resetStudioStore, useStudioStore } from './studio-store';

describe('timeline view slice', () => {
  beforeEach(() => resetStudioStore());

  it('follows live by default and remembers the chosen turn until reset', () => {
    const s = () => useStudioStore.getState();
    expect(s().timelineFollowLive).toBe(true);
    expect(s().selectedTurnId).toBeNull();
    s().setTimelineFollowLive(false);
    s().selectTurn('speech_6');
    expect(s().timelineFollowLive).toBe(false);
    expect(s().selectedTurnId).toBe('speech_6');
    resetStudioStore();
    expect(s().timelineFollowLive).toBe(true);
    expect(s().selectedTurnId).toBeNull();
  });
});
