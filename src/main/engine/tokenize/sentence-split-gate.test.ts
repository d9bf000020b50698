// The sentence stream skips scanning while SentenceSplitGate says the tail cannot split; these
// properties check that this never changes a token or the push that emits it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentenceBoundaryChars, splitSentences } from './basic-sentence';
import { SentenceSplitGate } from './sentence-split-gate';
import { chunked, perPush } from './stream-test-utils';
import { BufferedTokenStream } from './token-stream';

// Pieces that hit every rule of splitSentences: titles, suffixes + starters, acronyms, decimals,
// domains, ellipses, quotes after terminators, CJK terminators, newlines and whitespace.
const PIECES = [
  'a',
  'x',
  'He',
  ' ',
  '  ',
  '\n',
  '\t',
  '.',
  '..',
  '...',
  '!',
  '?',
  '。',
  '！',
  '"',
  '”',
  '“',
  'Dr.',
  'Mr',
  'Mrs.',
  'St',
  'Inc.',
  'Jr',
  ' They ',
  ' It ',
  'U.S.',
  'A.B.C.',
  'Ph.D.',
  '3',
  '.5',
  '.com',
  'me',
  'word',
  'sentence',
  'long enough text',
  '你好',
];
// Around titles and two-letter abbreviations ("Dr. Smith", "the U.S. forecast", "e.g. They"):
// single letters, periods and spaces, the starters' capitals, domains and digits.
const ABBREVIATION_PIECES = [
  ...'USegTHMDrsxab.. . \n\t"5!?',
  ' ',
  '. ',
  'Dr',
  'Mrs',
  'Ms',
  'St',
  'Mr',
  'They ',
  'He ',
  'However ',
  'com',
  'io',
  'me',
  'Ph',
  'text',
];
// A few characters from a tiny alphabet after an optional lead: covers short local patterns
// ("\tU.!", "x U.S. They") nearly exhaustively.
const DENSE = [...' \t\nUSeTx.!"'];
const text = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join('')),
  fc.array(fc.constantFrom(...ABBREVIATION_PIECES), { maxLength: 50 }).map((p) => p.join('')),
  fc
    .tuple(
      fc.constantFrom('', 'Hi', 'long enough text'),
      fc.array(fc.constantFrom(...DENSE), { maxLength: 10 }),
    )
    .map(([lead, d]) => lead + d.join('')),
);
const options = fc.record({ minSentenceLength: fc.integer({ min: 0, max: 30 }), retainFormat: fc.boolean() });

describe('SentenceSplitGate', () => {
  it('is closed only for texts that splitSentences keeps in one sentence, fed in any chunks', () => {
    fc.assert(
      fc.property(text, options, fc.array(fc.nat(), { maxLength: 8 }), (t, o, cuts) => {
        const gate = new SentenceSplitGate(o);
        let seen = '';
        for (const c of chunked(t, cuts)) {
          seen += c;
          if (!gate.feed(c)) expect(splitSentences(seen, o).length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 6000 },
    );
  });

  it('is closed only for texts that splitSentences keeps in one sentence: every short local pattern', () => {
    // all strings of up to 5 characters from a small alphabet, alone or after a lead long enough
    // that a period in them may end a sentence (random texts rarely hit a pattern like "\tU.!")
    const alphabet = [...' \t\nUT.!"x'];
    let layer = [''];
    const all: string[] = [];
    for (let n = 1; n <= 5; n += 1) {
      layer = layer.flatMap((p) => alphabet.map((c) => p + c));
      all.push(...layer);
    }
    for (const [lead, minSentenceLength] of [
      ['long enough text', 5],
      ['', 3], // a newline early enough not to end a sentence, a period after it that may
    ] as const) {
      for (const retainFormat of [false, true]) {
        const o = { minSentenceLength, retainFormat };
        for (const t of all) {
          const x = lead + t;
          if (!new SentenceSplitGate(o).feed(x))
            expect(splitSentences(x, o).length, x).toBeLessThanOrEqual(1);
        }
      }
    }
  }, 60_000);

  it('opens for a sentence end followed by more text, and resets', () => {
    const gate = new SentenceSplitGate({ minSentenceLength: 5 });
    expect(gate.feed('Hello there.')).toBe(false);
    expect(gate.feed(' ')).toBe(false);
    expect(gate.feed('Bye')).toBe(true);
    gate.reset();
    expect(gate.open).toBe(false);
    expect(gate.feed('Hi."')).toBe(false);
  });

  it('stays closed past titles and two-letter abbreviations, and opens when one may end a sentence', () => {
    const gate = new SentenceSplitGate({ minSentenceLength: 5 });
    expect(gate.feed('Then Dr. Smith and Mrs. Jones said the U.S. forecast, e.g. rain, plan B. ok')).toBe(
      false,
    );
    // until the characters after "U." are all there, it may be a sentence end: "open"
    const g = new SentenceSplitGate({ minSentenceLength: 5 });
    expect(g.feed('We saw the U.S')).toBe(true);
    expect(g.feed('. f')).toBe(false);
    // an acronym ends a sentence before a sentence starter; "B. ok" keeping format is a period
    // after a newline, not after a space
    for (const [t, retainFormat] of [
      ['We saw the U.S. They left', false],
      ['We saw U.S. It rained', false],
      ['We saw plan\nB. ok', true],
    ] as const) {
      expect(new SentenceSplitGate({ minSentenceLength: 5, retainFormat }).feed(t)).toBe(true);
      expect(splitSentences(t, { minSentenceLength: 5, retainFormat }).length).toBeGreaterThan(1);
    }
  });

  it('stays closed past decimals and ellipses, which never end a sentence', () => {
    const gate = new SentenceSplitGate({ minSentenceLength: 5 });
    expect(gate.feed('It is sunny, 23.5 degrees and fine... but')).toBe(false);
    expect(gate.feed(' who knows? Me')).toBe(true);
    // "1.2.3": the decimal rule protects only the first period; a title before ".." or a domain
    // after it leaves one period of the run alone, which then ends a sentence
    for (const t of ['Version 1.2.3 x', 'Ask Dr.. x', 'See site..com x']) {
      const g = new SentenceSplitGate({ minSentenceLength: 5 });
      expect(g.feed(t)).toBe(true);
      expect(splitSentences(t, { minSentenceLength: 5 }).length).toBe(2);
    }
  });

  it('leaves every token and the push that emits it unchanged in the sentence stream', async () => {
    await fc.assert(
      fc.asyncProperty(text, options, fc.array(fc.nat(), { maxLength: 30 }), async (t, o, cuts) => {
        const make = (gated: boolean): BufferedTokenStream =>
          new BufferedTokenStream({
            tokenize: (x) => splitSentences(x, o),
            minTokenLength: o.minSentenceLength,
            minContextLength: 10,
            boundaryChars: sentenceBoundaryChars(o.retainFormat),
            splitGate: gated ? new SentenceSplitGate(o) : undefined,
          });
        const chunks = chunked(t, cuts);
        expect(await perPush(make(true), chunks)).toEqual(await perPush(make(false), chunks));
      }),
      { numRuns: 500 },
    );
  });
});
