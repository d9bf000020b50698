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

// What a rule needs around a literal period (F_QUOTE: around a terminator), as bits.
/** "Mr." "St." "Ms." "Dr." "Mrs." (a superset: r/t/s after M, S, D or r). */
const F_TITLE = 1;
/** A period before c, n, o, i, g, e or m (".com", ".me"...). */
const F_DOMAIN = 2;
/** A period between digits. */
const F_DECIMAL = 4;
/** A period after whitespace and one letter (" a." and " a. "). */
const F_LETTER = 8;
/** A period after "X." (two letters with periods: acronyms). */
const F_CHAIN = 16;
/** A period after c, d, r or o that follows a letter (Inc, Ltd, Jr, Sr, Co). */
const F_SUFFIX = 32;
/** Two periods in a row. */
const F_RUN = 64;
/** A terminator before a closing quote. */
const F_QUOTE = 128;

// Each rule runs only if the text has what a match needs around a literal period (see
// periodFeatures); a rule without a guard (0) always runs.
const RULES: Array<[RegExp, string, number]> = [
  [PREFIXES, `$1${PRD}`, F_TITLE],
  [WEBSITES, `${PRD}$1`, F_DOMAIN],
  [new RegExp(`${DIGIT}[.]${DIGIT}`, 'g'), `$1${PRD}$2`, F_DECIMAL],
];
const DOT_RUN = /\.{2,}/g;
const LATE_RULES: Array<[RegExp, string, number]> = [
  [new RegExp(`\\s${ALPHA}[.] `, 'g'), ` $1${PRD} `, F_LETTER],
  [new RegExp(`${ACRONYMS} ${STARTERS}`, 'g'), `$1${STOP} $2`, F_CHAIN],
  [new RegExp(`${ALPHA}[.]${ALPHA}[.]${ALPHA}[.]`, 'g'), `$1${PRD}$2${PRD}$3${PRD}`, F_CHAIN],
  [new RegExp(`${ALPHA}[.]${ALPHA}[.]`, 'g'), `$1${PRD}$2${PRD}`, F_CHAIN],
  [new RegExp(` ${SUFFIXES}[.] ${STARTERS}`, 'g'), ` $1${STOP} $2`, F_SUFFIX],
  [new RegExp(` ${SUFFIXES}[.]`, 'g'), ` $1${PRD}`, F_SUFFIX],
  [new RegExp(` ${ALPHA}[.]`, 'g'), ` $1${PRD}`, F_LETTER],
  // a terminator followed by a closing quote ends the sentence after the quote
  [/([.!?。！？])(["”])/g, `$1$2${STOP}`, F_QUOTE],
  [/([.!?。！？])(?!["”])/g, `$1${STOP}`, 0],
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
  // Rules only turn literal periods (and terminators) into markers or insert markers next to
  // them, and a marker ends with ">", so what a later rule needs around a period was already
  // there in `text`: a rule whose feature is absent cannot match and is skipped.
  const has = periodFeatures(text);
  for (const [re, rep, need] of RULES) if (has & need) text = text.replace(re, rep);
  // ellipses and other runs of dots never end a sentence
  if (has & F_RUN) text = text.replace(DOT_RUN, (m) => PRD.repeat(m.length));
  if (text.includes('Ph.D')) text = text.replaceAll('Ph.D.', `Ph${PRD}D${PRD}`);
  for (const [re, rep, need] of LATE_RULES) if (need === 0 || has & need) text = text.replace(re, rep);
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

/** The F_* features present in `text`, in one pass over it. */
function periodFeatures(text: string): number {
  let has = 0;
  for (let k = 0; k < text.length; k += 1) {
    const c = text.charCodeAt(k);
    if (c === 0x2e) has |= periodFeaturesAt(text, k);
    if (
      (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3002 || c === 0xff01 || c === 0xff1f) &&
      k + 1 < text.length
    ) {
      const n = text.charCodeAt(k + 1);
      if (n === 0x22 || n === 0x201d) has |= F_QUOTE;
    }
  }
  return has;
}

function periodFeaturesAt(text: string, k: number): number {
  let has = 0;
  const p1 = k > 0 ? text.charCodeAt(k - 1) : -1;
  const p2 = k > 1 ? text.charCodeAt(k - 2) : -1;
  const n1 = k + 1 < text.length ? text.charCodeAt(k + 1) : -1;
  if (n1 === 0x2e) has |= F_RUN;
  if (DOMAIN_STARTS.has(n1)) has |= F_DOMAIN;
  if (isDigitCode(p1) && isDigitCode(n1)) has |= F_DECIMAL;
  if (!isLetterCode(p1)) return has;
  if (
    ((p1 === 0x72 || p1 === 0x73) && (p2 === 0x4d || p2 === 0x44 || p2 === 0x72)) || // Mr Dr Ms rs
    (p1 === 0x74 && p2 === 0x53) // St
  ) {
    has |= F_TITLE;
  }
  if (p2 >= 0 && isRegexSpace(p2)) has |= F_LETTER;
  if (p2 === 0x2e && k > 2 && isLetterCode(text.charCodeAt(k - 3))) has |= F_CHAIN;
  if ((p1 === 0x63 || p1 === 0x64 || p1 === 0x72 || p1 === 0x6f) && isLetterCode(p2)) has |= F_SUFFIX;
  return has;
}

/** First letters of the domains the website rule protects (com net org io gov edu me). */
const DOMAIN_STARTS = new Set([...'cnoigem'].map((x) => x.charCodeAt(0)));

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLetterCode(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** RegExp \s for one UTF-16 code unit. */
function isRegexSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return /\s/.test(String.fromCharCode(c));
}
