/**
 * Rule-based sentence splitting (upstream tokenize/_basic_sent.py): periods that do not end a
 * sentence (titles, acronyms, decimals, web domains, ellipses) are protected first, then every
 * remaining terminator ends a sentence. Short sentences are merged with the following ones until
 * they exceed `minSentenceLength`, so TTS never gets a tiny fragment on its own. English-centric,
 * as upstream; the text must not contain the markers "<prd>", "<stop>" or "<nel>".
 */
import type { TokenSpan } from './tokenizer';

const PRD = '<prd>';
const STOP = '<stop>';

const ALPHA = '([A-Za-z])';
const PREFIXES = /(Mr|St|Mrs|Ms|Dr)[.]/g;
const SUFFIXES = '(Inc|Ltd|Jr|Sr|Co)';
const STARTERS =
  '(Mr|Mrs|Ms|Dr|Prof|Capt|Cpt|Lt|He\\s|She\\s|It\\s|They\\s|Their\\s|Our\\s|We\\s|But\\s|However\\s|That\\s|This\\s|Wherever)';
const ACRONYMS = '([A-Z][.][A-Z][.](?:[A-Z][.])?)';
const WEBSITES = /[.](com|net|org|io|gov|edu|me)/g;
const DIGIT = '([0-9])';

const RULES: Array<[RegExp, string]> = [
  [PREFIXES, `$1${PRD}`],
  [WEBSITES, `${PRD}$1`],
  [new RegExp(`${DIGIT}[.]${DIGIT}`, 'g'), `$1${PRD}$2`],
];
const LATE_RULES: Array<[RegExp, string]> = [
  [new RegExp(`\\s${ALPHA}[.] `, 'g'), ` $1${PRD} `],
  [new RegExp(`${ACRONYMS} ${STARTERS}`, 'g'), `$1${STOP} $2`],
  [new RegExp(`${ALPHA}[.]${ALPHA}[.]${ALPHA}[.]`, 'g'), `$1${PRD}$2${PRD}$3${PRD}`],
  [new RegExp(`${ALPHA}[.]${ALPHA}[.]`, 'g'), `$1${PRD}$2${PRD}`],
  [new RegExp(` ${SUFFIXES}[.] ${STARTERS}`, 'g'), ` $1${STOP} $2`],
  [new RegExp(` ${SUFFIXES}[.]`, 'g'), ` $1${PRD}`],
  [new RegExp(` ${ALPHA}[.]`, 'g'), ` $1${PRD}`],
  // a terminator followed by a closing quote ends the sentence after the quote
  [/([.!?。！？])(["”])/g, `$1$2${STOP}`],
  [/([.!?。！？])(?!["”])/g, `$1${STOP}`],
];

/**
 * Characters without which splitSentences cannot end a sentence: every sentence end is placed
 * after a terminator (or, keeping format, a newline). A stream need not scan text without them.
 */
export function sentenceBoundaryChars(retainFormat: boolean): RegExp {
  return retainFormat ? /[.!?。！？\n]/ : /[.!?。！？]/;
}

export interface SplitSentencesOptions {
  /** A sentence is emitted once longer than this many characters (shorter ones merge). */
  minSentenceLength?: number;
  /** Keep newlines (each one ends a sentence) and the whitespace around sentences. */
  retainFormat?: boolean;
}

/** Returns `[sentence, start, end]` spans, with upstream's (approximate) end positions. */
export function splitSentences(input: string, opts: SplitSentencesOptions = {}): TokenSpan[] {
  const minLen = opts.minSentenceLength ?? 20;
  const retainFormat = opts.retainFormat ?? false;

  let text = retainFormat ? input.replaceAll('\n', `<nel>${STOP}`) : input.replaceAll('\n', ' ');
  for (const [re, rep] of RULES) text = text.replace(re, rep);
  // ellipses and other runs of dots never end a sentence
  text = text.replace(/\.{2,}/g, (m) => PRD.repeat(m.length));
  if (text.includes('Ph.D')) text = text.replaceAll('Ph.D.', `Ph${PRD}D${PRD}`);
  for (const [re, rep] of LATE_RULES) text = text.replace(re, rep);
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
