import { describe, expect, it } from 'vitest';
import { NewSessionWatch } from './follow-policy';

describe('NewSessionWatch', () => {
  it('a new live session is new once; its snapshot, a replay and back to live are not', () => {
    const watch = new NewSessionWatch({ kind: 'live', sessionId: null });
    expect(watch.isNewSession({ kind: 'live', sessionId: 's1' })).toBe(true);
    // A reload's snapshot of the same session.
    expect(watch.isNewSession({ kind: 'live', sessionId: 's1' })).toBe(false);
    // A recording opened, then back to live: the placeholder source, then the same session.
    expect(watch.isNewSession({ kind: 'replay', recordingId: 'r1' })).toBe(false);
    expect(watch.isNewSession({ kind: 'live', sessionId: null })).toBe(false);
    expect(watch.isNewSession({ kind: 'live', sessionId: 's1' })).toBe(false);
    expect(watch.isNewSession({ kind: 'live', sessionId: 's2' })).toBe(true);
  });

  it('the session showing when the timeline mounts is not new', () => {
    const watch = new NewSessionWatch({ kind: 'live', sessionId: 's1' });
    expect(watch.isNewSession({ kind: 'live', sessionId: 's1' })).toBe(false);
    expect(watch.isNewSession({ kind: 'live', sessionId: 's2' })).toBe(true);
  });
});
