import { describe, expect, it } from 'vitest';
import { splitWords } from './basic-word';
import { countWords } from './basic';

// Expected values were produced by upstream's tokenize/_basic_word.py at db5dd9b77.
describe('splitWords', () => {
  it('splits on whitespace and strips punctuation by default, keeping original spans', () => {
    expect(splitWords("Hello, world! How's it going?")).toEqual([
      ['Hello', 0, 6],
      ['world', 7, 13],
      ['Hows', 14, 19],
      ['it', 20, 22],
      ['going', 23, 29],
    ]);
    expect(splitWords('... !!! ,,,')).toEqual([]);
    expect(splitWords('— dash … ellipsis “quoted” word').map((w) => w[0])).toEqual([
      'dash',
      'ellipsis',
      'quoted',
      'word',
    ]);
  });

  it('keeps punctuation when asked', () => {
    expect(splitWords('e.g. U.S.A. 3.14 $100', { ignorePunctuation: false }).map((w) => w[0])).toEqual([
      'e.g.',
      'U.S.A.',
      '3.14',
      '$100',
    ]);
  });

  it('splits CJK and Thai characters into words only with splitCharacter', () => {
    const text = '我爱你 and 日本語テキスト ok';
    expect(splitWords(text).map((w) => w[0])).toEqual(['我爱你', 'and', '日本語テキスト', 'ok']);
    expect(splitWords(text, { splitCharacter: true })).toEqual([
      ['我', 0, 1],
      ['爱', 1, 2],
      ['你', 2, 3],
      ['and', 4, 7],
      ['日', 8, 9],
      ['本', 9, 10],
      ['語', 10, 11],
      ['テ', 11, 12],
      ['キ', 12, 13],
      ['ス', 13, 14],
      ['ト', 14, 15],
      ['ok', 16, 18],
    ]);
    expect(countWords('ภาษาไทย test')).toBe(8);
  });

  it('keeps leading whitespace inside words with retainFormat, so words join back to the text', () => {
    const text = '  leading and   multiple   spaces  ';
    const words = splitWords(text, { retainFormat: true, ignorePunctuation: false });
    expect(words).toEqual([
      ['  leading', 0, 9],
      [' and', 9, 13],
      ['   multiple', 13, 24],
      ['   spaces', 24, 33],
      ['  ', 33, 35],
    ]);
    expect(words.map((w) => w[0]).join('')).toBe(text);
    expect(splitWords('tabs\tand\nnewlines').map((w) => w[0])).toEqual(['tabs', 'and', 'newlines']);
  });

  it('counts words like the seed does for minInterruptionWords', () => {
    expect(countWords('Stop! ok, stop!')).toBe(3);
    expect(countWords('Stop!')).toBe(1);
    expect(countWords('  ')).toBe(0);
    expect(countWords('')).toBe(0);
  });
});
