import { describe, expect, it } from 'vitest';
import { formatReplayLink, parseReplayLink } from './deep-link';

describe('replay deep links', () => {
  it('round-trips an id and a time, and refuses anything else', () => {
    expect(parseReplayLink(formatReplayLink('20260101-120000-session_ab12', 12_345.4))).toEqual({
      id: '20260101-120000-session_ab12',
      atMs: 12_345,
    });
    expect(parseReplayLink('#/recordings/abc')).toEqual({ id: 'abc', atMs: null });
    expect(parseReplayLink('#/recordings/abc?t=x')).toEqual({ id: 'abc', atMs: null });
    expect(parseReplayLink('#/recordings/../etc')).toBeNull();
    expect(parseReplayLink('#/other')).toBeNull();
    expect(parseReplayLink('')).toBeNull();
  });
});
