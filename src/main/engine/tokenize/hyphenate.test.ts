import { describe, expect, it } from 'vitest';
import { hyphenateWord } from './hyphenate';

const syllables = (w: string): number => hyphenateWord(w).length;

describe('hyphenateWord', () => {
  it('leaves short words whole, as upstream', () => {
    expect(hyphenateWord('the')).toEqual(['the']);
    expect(hyphenateWord('table')).toEqual(['ta', 'ble']);
    expect(hyphenateWord('name')).toEqual(['name']);
    expect(hyphenateWord('12345')).toEqual(['12345']);
    expect(hyphenateWord('...')).toEqual(['...']);
  });

  it('counts English syllables closely enough to pace speech', () => {
    const cases: Array<[string, number]> = [
      ['hello', 2],
      ['weather', 2],
      ['beautiful', 3],
      ['syllable', 3],
      ['computer', 3],
      ['played', 1],
      ['wanted', 2],
      ['horses', 2],
      ['makes', 1],
      ['information', 4],
      ['yellow', 2],
      ['strength', 1],
    ];
    for (const [w, n] of cases) expect([w, syllables(w)]).toEqual([w, n]);
  });

  it('always rejoins to the original word and never leaves a one-letter edge', () => {
    for (const w of ['Washington', 'unbelievable', 'honestly.', 'Paris,', 'AEIOU', 'rhythm', 'quietly']) {
      const p = hyphenateWord(w);
      expect(p.join('')).toBe(w);
      expect(p[0].length).toBeGreaterThanOrEqual(2);
      expect(p[p.length - 1].length).toBeGreaterThanOrEqual(2);
    }
  });
});
