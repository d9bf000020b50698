import { describe, expect, it } from 'vitest';
import {
  canToggle,
  comparePair,
  togglePick,
  withoutDeleted,
  type PickedRecording,
} from './compare-selection';

const rec = (id: string, startedAt: string): PickedRecording => ({ id, title: `title ${id}`, startedAt });
const older = rec('20260101-120000-session_a', '2026-01-01T12:00:00.000Z');
const newer = rec('20260101-120500-session_b', '2026-01-01T12:05:00.000Z');
const third = rec('20260101-121000-session_c', '2026-01-01T12:10:00.000Z');

describe('compare selection', () => {
  it('picks and unpicks; a third pick is refused and only the picked rows stay toggleable', () => {
    let picked = togglePick([], newer);
    expect(comparePair(picked)).toBeNull();
    picked = togglePick(picked, older);
    expect(picked.map((p) => p.id)).toEqual([newer.id, older.id]);
    expect(togglePick(picked, third).map((p) => p.id)).toEqual([newer.id, older.id]);
    expect(canToggle(picked, third.id)).toBe(false);
    expect(canToggle(picked, older.id)).toBe(true);
    picked = togglePick(picked, newer);
    expect(picked.map((p) => p.id)).toEqual([older.id]);
    expect(canToggle(picked, third.id)).toBe(true);
  });

  it('compares exactly two, the older one as A whatever the order they were picked in', () => {
    expect(comparePair([newer, older])).toEqual({ a: older.id, b: newer.id });
    expect(comparePair([older, newer])).toEqual({ a: older.id, b: newer.id });
    expect(comparePair([older])).toBeNull();
    expect(comparePair([])).toBeNull();
  });

  it('equal or unreadable start times order by id', () => {
    const same = rec('20260101-120000-session_0', older.startedAt);
    expect(comparePair([older, same])).toEqual({ a: same.id, b: older.id });
    const bad = rec('20260101-110000-session_z', 'not a date');
    expect(comparePair([older, bad])).toEqual({ a: bad.id, b: older.id });
  });

  it('a deleted recording leaves the picks', () => {
    expect(withoutDeleted([older, newer], older.id).map((p) => p.id)).toEqual([newer.id]);
  });
});
