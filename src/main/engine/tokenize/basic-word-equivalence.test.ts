// splitWords walks char codes instead of per-character strings and RegExps (issue 13.4, cost of
// the word stream); the per-character version it replaced is kept here as the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitWords, type SplitWordsOptions } from './basic-word';
import { PUNCTUATIONS, type TokenSpan } from './tokenizer';

const PUNCT_SET = new Set(PUNCTUATIONS);
const REF_CHAR_BASED = /^[\u4e00-\u9fff\u3040-\u30ff\u3400-\u4dbf\u0e00-\u0e7f]$/u;
const REF_SPACE = /^\s$/u;

function refIsSpaceChar(ch: string): boolean {
  if (ch === '\ufeff') return false;
  const code = ch.charCodeAt(0);
  return (code >= 0x1c && code <= 0x1f) || REF_SPACE.test(ch);
}

/** splitWords as it was before the char-code walk. */
function referenceSplitWords(text: string, opts: Required<SplitWordsOptions>): TokenSpan[] {
  const words: TokenSpan[] = [];
  const addWord = (start: number, end: number): void => {
    let word = text.slice(start, end);
    if (opts.ignorePunctuation && word) word = [...word].filter((c) => !PUNCT_SET.has(c)).join('');
    if (word) words.push([word, start, end]);
  };
  let wordStart = 0;
  let pos = 0;
  let wordHasText = false;
  for (const ch of text) {
    const next = pos + ch.length;
    if (refIsSpaceChar(ch)) {
      if (!(opts.retainFormat && !wordHasText)) {
        addWord(wordStart, pos);
        wordStart = opts.retainFormat ? pos : next;
        wordHasText = false;
      }
    } else if (opts.splitCharacter && REF_CHAR_BASED.test(ch)) {
      if (wordStart < pos) addWord(wordStart, pos);
      addWord(pos, next);
      wordStart = next;
      wordHasText = false;
    }
    if (wordStart <= pos && !REF_SPACE.test(ch)) wordHasText = true;
    pos = next;
  }
  addWord(wordStart, text.length);
  return words;
}

// Spaces of every kind (incl. U+001C..U+001F, U+FEFF, NBSP, U+2028), CJK/Thai at range edges,
// surrogate pairs and lone surrogates, punctuation and plain letters.
const CHARS = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u001c',
  '\u001f',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\u4e00',
  '\u9fff',
  '\u3040',
  '\u30ff',
  '\u3400',
  '\u4dbf',
  '\u0e00',
  '\u0e7f',
  '\u0dff',
  '\u0e80',
  '😀',
  '\ud83d',
  '\ude00',
  'a',
  'Z',
  '0',
  '.',
  ',',
  '!',
  '“',
  '—',
  '…',
  'é',
];

describe('splitWords (char-code walk)', () => {
  it('gives the reference spans for random texts and every option', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...CHARS), { maxLength: 40 }).map((c) => c.join('')),
        fc.record({
          ignorePunctuation: fc.boolean(),
          splitCharacter: fc.boolean(),
          retainFormat: fc.boolean(),
        }),
        (text, o) => {
          expect(splitWords(text, o)).toEqual(referenceSplitWords(text, o));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('gives the reference spans for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.boolean(), fc.boolean(), (text, s, r) => {
        const o = { ignorePunctuation: false, splitCharacter: s, retainFormat: r };
        expect(splitWords(text, o)).toEqual(referenceSplitWords(text, o));
      }),
      { numRuns: 3000 },
    );
  });
});
