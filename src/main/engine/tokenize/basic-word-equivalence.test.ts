// splitWords walks char codes instead of per-character strings and RegExps (issue 13.4, cost of
// the word stream); the per-character version it replaced is kept here as the reference. The
// word stream scans only new text (WordScanner): it must give the tokens of the stream that
// re-splits its tail, at the same pushes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitWords, WordScanner, wordBoundaryChars, type SplitWordsOptions } from './basic-word';
import { chunked, perPush } from './stream-test-utils';
import { BufferedTokenStream } from './token-stream';
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

const wordOptions = fc.record({
  ignorePunctuation: fc.boolean(),
  splitCharacter: fc.boolean(),
  retainFormat: fc.boolean(),
});
// long runs reach the deferred re-scan (tails over EAGER_SCAN_CHARS) and the maxTokenLength cut
const STREAM_PIECES = [...CHARS, 'word', ' the ', '...', 'x'.repeat(120), ' '.repeat(90)];
const streamText = fc.array(fc.constantFrom(...STREAM_PIECES), { maxLength: 60 }).map((c) => c.join(''));

describe('WordScanner', () => {
  it('scanning a text in chunks, dropping words taken, gives splitWords of the rest after every chunk', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...CHARS), { maxLength: 40 }).map((c) => c.join('')),
        wordOptions,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.nat({ max: 3 }), { maxLength: 8 }),
        (text, o, cuts, drops) => {
          const scanner = new WordScanner(o);
          let seen = '';
          chunked(text, cuts).forEach((c, i) => {
            seen += c;
            scanner.scan(seen);
            const last = scanner.openToken(seen);
            expect(scanner.hasOpenToken).toBe(last !== null);
            expect(last ? [...scanner.completed, last] : scanner.completed).toEqual(splitWords(seen, o));
            const drop = Math.min(drops[i] ?? 0, scanner.completed.length);
            if (drop > 0) {
              seen = seen.slice(scanner.completed[drop - 1][2]);
              scanner.dropHead(drop);
              const rest = scanner.openToken(seen);
              expect(rest ? [...scanner.completed, rest] : scanner.completed).toEqual(splitWords(seen, o));
            }
          });
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('classifies every UTF-16 code unit as splitWords does', () => {
    for (const o of [
      { ignorePunctuation: true, splitCharacter: true, retainFormat: false },
      { ignorePunctuation: false, splitCharacter: false, retainFormat: true },
    ]) {
      // every code unit once, between letters (so no two surrogates pair up)
      let text = '';
      for (let c = 0; c < 0x10000; c += 1) text += `a${String.fromCharCode(c)}`;
      expect(splitWords(text, o)).toEqual(referenceSplitWords(text, o));
    }
  });

  it('refuses a text shorter than what it scanned, and dropping words it has not completed', () => {
    const scanner = new WordScanner();
    scanner.scan('hello');
    expect(() => scanner.scan('he')).toThrow('WordScanner.scan: the text is shorter than what was scanned');
    expect(() => scanner.dropHead(1)).toThrow('WordScanner.dropHead: count must be 1..0, got 1');
  });
});

describe('word stream scanning only new text', () => {
  it('emits the same tokens at the same pushes as the stream that re-splits its tail', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamText,
        wordOptions,
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.option(fc.integer({ min: 2, max: 300 })),
        async (t, o, cuts, max) => {
          const make = (incremental: boolean): BufferedTokenStream =>
            new BufferedTokenStream({
              tokenize: (x) => splitWords(x, o),
              minTokenLength: 1,
              minContextLength: 1,
              boundaryChars: wordBoundaryChars(o.splitCharacter),
              maxTokenLength: max ?? undefined,
              incremental: incremental ? new WordScanner(o) : undefined,
            });
          const chunks = chunked(t, cuts);
          expect(await perPush(make(true), chunks)).toEqual(await perPush(make(false), chunks));
        },
      ),
      { numRuns: 700 },
    );
  });
});
