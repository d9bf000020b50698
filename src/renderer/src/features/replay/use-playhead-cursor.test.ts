import { describe, expect, it } from 'vitest';
import { currentIndex } from './use-playhead-cursor';

describe('currentIndex', () => {
  it('finds the last item at or before the playhead', () => {
    const times = [100, 200, 200, 500];
    expect(currentIndex(times, 50)).toBe(-1);
    expect(currentIndex(times, 100)).toBe(0);
    expect(currentIndex(times, 250)).toBe(2);
    expect(currentIndex(times, 9999)).toBe(3);
    expect(currentIndex([], 1)).toBe(-1);
  });
});
