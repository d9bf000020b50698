// splitSentences skips the rules whose trigger (what a match needs around a period) is absent
// from the text (issue 13.4, cost of the sentence stream): the version that runs every rule is
// kept here as the reference, and fast-check compares the two.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './basic-sentence';
import type { TokenSpan } from './tokenizer';

const PRD = '<prd>';
const STOP = '<stop>';
const ALPHA = '([A-Za-z])';
const SUFFIXES = '(Inc|Ltd|Jr|Sr|Co)';
const STARTERS =
  '(Mr|Mrs|Ms|Dr|Prof|Capt|Cpt|Lt|He\\s|She\\s|It\\s|They\\s|Their\\s|Our\\s|We\\s|But\\s|However\\s|That\\s|This\\s|Wherever)';
const ACRONYMS = '([A-Z][.][A-Z][.](?:[A-Z][.])?)';
const REF_RULES: Array<[RegExp, string]> = [
  [/(Mr|St|Mrs|Ms|Dr)[.]/g, `$1${PRD}`],
  [/[.](com|net|org|io|gov|edu|me)/g, `${PRD}$1`],
  [/([0-9])[.]([0-9])/g, `$1${PRD}$2`],
];
const REF_LATE_RULES: Array<[RegExp, string]> = [
  [new RegExp(`\\s${ALPHA}[.] `, 'g'), ` $1${PRD} `],
  [new RegExp(`${ACRONYMS} ${STARTERS}`, 'g'), `$1${STOP} $2`],
  [new RegExp(`${ALPHA}[.]${ALPHA}[.]${ALPHA}[.]`, 'g'), `$1${PRD}$2${PRD}$3${PRD}`],
  [new RegExp(`${ALPHA}[.]${ALPHA}[.]`, 'g'), `$1${PRD}$2${PRD}`],
  [new RegExp(` ${SUFFIXES}[.] ${STARTERS}`, 'g'), ` $1${STOP} $2`],
  [new RegExp(` ${SUFFIXES}[.]`, 'g'), ` $1${PRD}`],
  [new RegExp(` ${ALPHA}[.]`, 'g'), ` $1${PRD}`],
  [/([.!?。！？])(["”])/g, `$1$2${STOP}`],
  [/([.!?。！？])(?!["”])/g, `$1${STOP}`],
];

/** splitSentences as it was before the rules were guarded: every rule runs. */
function referenceSplitSentences(input: string, minLen: number, retainFormat: boolean): TokenSpan[] {
  let text = retainFormat ? input.replaceAll('\n', `<nel>${STOP}`) : input.replaceAll('\n', ' ');
  for (const [re, rep] of REF_RULES) text = text.replace(re, rep);
  text = text.replace(/\.{2,}/g, (m) => PRD.repeat(m.length));
  if (text.includes('Ph.D')) text = text.replaceAll('Ph.D.', `Ph${PRD}D${PRD}`);
  for (const [re, rep] of REF_LATE_RULES) text = text.replace(re, rep);
  text = text.replaceAll(PRD, '.');
  if (retainFormat) text = text.replaceAll('<nel>', '\n');
  const pieces = text.split(STOP);
  const fullLength = text.replaceAll(STOP, '').length;
  const sentences: TokenSpan[] = [];
  const pad = retainFormat ? '' : ' ';
  let buf = '';
  let start = 0;
  let end = 0;
  for (const piece of pieces) {
    const sentence = retainFormat ? piece : piece.trim();
    if (!sentence) continue;
    buf += pad + sentence;
    end += piece.length;
    if (buf.length > minLen) {
      sentences.push([buf.slice(pad.length), start, end]);
      start = end;
      buf = '';
    }
  }
  if (buf) sentences.push([buf.slice(pad.length), start, fullLength - 1]);
  return sentences;
}

// Every rule's trigger and near misses: titles, suffixes + starters, acronym chains, decimals,
// domains, runs of periods, "Ph.D.", quotes after terminators, CJK terminators, all kinds of space.
const PIECES = [
  ...'aZxU S.!?"”\n\t\u00a0。！？5',
  'Dr',
  'Mrs',
  'Ms',
  'St',
  'Mr',
  'Inc',
  'Ltd',
  'Jr',
  'Sr',
  'Co',
  'They ',
  'He ',
  'However ',
  'Wherever',
  'com',
  'net',
  'org',
  'io',
  'gov',
  'edu',
  'me',
  'Ph.D',
  'word',
  'long enough text',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(''));

describe('splitSentences (guarded rules)', () => {
  it('gives the reference spans for random texts and options', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 30 }), fc.boolean(), (t, minLen, retainFormat) => {
        expect(splitSentences(t, { minSentenceLength: minLen, retainFormat })).toEqual(
          referenceSplitSentences(t, minLen, retainFormat),
        );
      }),
      { numRuns: 8000 },
    );
  });

  it('gives the reference spans for every string of up to 4 characters from a small alphabet', () => {
    const alphabet = [...' \t\nUSe.!"5c'];
    let layer = [''];
    for (let n = 1; n <= 4; n += 1) {
      layer = layer.flatMap((p) => alphabet.map((c) => p + c));
      for (const t of layer) {
        for (const retainFormat of [false, true]) {
          expect(splitSentences(`a ${t}`, { minSentenceLength: 0, retainFormat }), t).toEqual(
            referenceSplitSentences(`a ${t}`, 0, retainFormat),
          );
        }
      }
    }
  }, 60_000);
});
