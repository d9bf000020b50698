/**
 * The banner's text for a lost connection must not depend on which request noticed the loss:
 * a drop cuts whatever reads are in flight, in an order nobody controls, and the user should see
 * one notice naming the cause either way (issue 10: one banner per cause).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { resetStudioStore, useStudioStore } from '../../store/studio-store';
import { describeError } from './ErrorBanner';

const s = () => useStudioStore.getState();
const lost = 'connection lost (close 1012: restart)';

/** The banner's lines after the given requests were cut by one drop, in that order. */
function bannerAfterDrop(cut: string[]): string[] {
  resetStudioStore();
  for (const source of cut) s().pushError({ source, code: 'transport', message: lost });
  return s().errors.map(describeError);
}

describe('describeError', () => {
  beforeEach(() => resetStudioStore());

  it('names a lost connection by its cause, whichever request noticed it first', () => {
    const stateFirst = bannerAfterDrop(['getState', 'listRecordings']);
    const recordingsFirst = bannerAfterDrop(['listRecordings', 'getState']);
    expect(stateFirst).toEqual([`Connection to the studio failed — ${lost}`]);
    expect(recordingsFirst).toEqual(stateFirst);
    expect(bannerAfterDrop(['ping'])).toEqual(stateFirst);
    // Two requests cut: one notice that counts both.
    expect(s().errors).toHaveLength(1);
    bannerAfterDrop(['listRecordings', 'getState']);
    expect(s().errors[0].count).toBe(2);
  });

  it('names any other failure by the command that failed', () => {
    s().pushError({ source: 'listRecordings', code: 'failed', message: 'folder unreadable' });
    expect(s().errors.map(describeError)).toEqual(['List recordings failed — failed: folder unreadable']);
  });
});
