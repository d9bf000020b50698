// The sentence stream skips scanning while SentenceSplitGate says the tail cannot split; these
// properties check that this never changes a token or the push that emits it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SentenceSplitGate, sentenceBoundaryChars, splitSentences } from './basic-sentence';
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
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(''));
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
      { numRuns: 3000 },
    );
  });

  it('opens for a sentence end followed by more text, and resets', () => {
    const gate = new SentenceSplitGate({ minSentenceLength: 5 });
    expect(gate.feed('Hello there.')).toBe(false);
    expect(gate.feed(' ')).toBe(false);
    expect(gate.feed('Bye')).toBe(true);
    gate.reset();
    expect(gate.open).toBe(false);
    expect(gate.feed('Hi."')).toBe(false);
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
