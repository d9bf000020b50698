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

/**
 * Tells, reading text as it arrives, whether splitSentences could return more than one sentence:
 * a stream skips the scan while it cannot. Each sentence end sits right after a terminator at p
 * (or after a closing quote at p + 1), and the first sentence of two is longer than the minimum
 * only if the text up to it is: at most p + 2 characters, plus one joining space per piece without
 * retainFormat, so p must satisfy f * (p + 2) > minSentenceLength (f = 2, or 1 keeping format).
 * A second sentence needs a kept character after that end (one that is not whitespace, unless
 * format is kept). So: "open" once a terminator past that length is followed by such a character
 * (a closing quote right after a terminator other than a newline does not count). Cost per fed character is constant.
 */
export class SentenceSplitGate {
  private readonly minSentenceLength: number;
  private readonly retainFormat: boolean;
  private readonly boundary: RegExp;
  /** Characters fed since the last reset. */
  private length = 0;
  /** Index of the first terminator far enough in, or -1. */
  private firstEnd = -1;
  /** A closing quote right after firstEnd stays in its sentence (not after a newline). */
  private quoteJoins = false;
  private isOpen = false;
  /** A run of periods whose fate waits for the next character: start index and length (0: none). */
  private runStart = 0;
  private runLength = 0;
  /** The two characters before the run (char codes, -1 for none). */
  private runBefore1 = -1;
  private runBefore2 = -1;
  /** The last two characters fed. */
  private prev1 = -1;
  private prev2 = -1;

  constructor(opts: SplitSentencesOptions = {}) {
    this.minSentenceLength = opts.minSentenceLength ?? 20;
    this.retainFormat = opts.retainFormat ?? false;
    this.boundary = sentenceBoundaryChars(this.retainFormat);
  }

  /** Whether the text fed so far may split into more than one sentence (false: it cannot). */
  get open(): boolean {
    return this.isOpen;
  }

  reset(): void {
    this.length = 0;
    this.firstEnd = -1;
    this.isOpen = false;
    this.runLength = 0;
    this.prev1 = -1;
    this.prev2 = -1;
  }

  /** Appends text; returns `open`. */
  feed(text: string): boolean {
    if (this.isOpen) return true;
    for (let k = 0; k < text.length && !this.isOpen; k += 1) {
      this.step(this.length + k, text.charCodeAt(k), text[k]);
      this.prev2 = this.prev1;
      this.prev1 = text.charCodeAt(k);
    }
    this.length += text.length;
    return this.isOpen;
  }

  private step(i: number, c: number, ch: string): void {
    if (this.firstEnd >= 0) {
      this.checkContent(i, c);
      return;
    }
    if (this.runLength > 0) {
      if (c === DOT) {
        this.runLength += 1;
        return;
      }
      this.endRun(c);
      if (this.firstEnd >= 0) {
        this.checkContent(i, c);
        return;
      }
    }
    if (c === DOT) {
      this.runStart = i;
      this.runLength = 1;
      this.runBefore1 = this.prev1;
      this.runBefore2 = this.prev2;
    } else if (this.qualifies(i) && this.boundary.test(ch)) {
      this.firstEnd = i;
      this.quoteJoins = c !== 0x0a;
    }
  }

  /** A sentence end needs the first one long enough: see the class comment. */
  private qualifies(i: number): boolean {
    return (this.retainFormat ? 1 : 2) * (i + 2) > this.minSentenceLength;
  }

  private checkContent(i: number, c: number): void {
    const quote = this.quoteJoins && i === this.firstEnd + 1 && (c === 0x22 || c === 0x201d);
    if (!quote && (this.retainFormat || !isWhitespaceCode(c))) this.isOpen = true;
  }

  /**
   * The run of periods is followed by `c`. It cannot end a sentence when it is a lone period
   * between digits (the decimal rule, unless a period precedes the first digit: "1.2.3" protects
   * only the first), or two periods or more that no title ("Dr.") precedes and no domain
   * (".com") follows: every period of it then stays a period. Otherwise its first period far
   * enough in becomes firstEnd, and a later period of the run is a character after it.
   */
  private endRun(c: number): void {
    const len = this.runLength;
    this.runLength = 0;
    const protectedRun =
      len === 1
        ? isDigit(this.runBefore1) && this.runBefore2 !== DOT && isDigit(c)
        : !TITLE_ENDS.has(this.runBefore1) && !(c >= 0x61 && c <= 0x7a);
    if (protectedRun) return;
    const last = this.runStart + len - 1;
    for (let j = this.runStart; j <= last; j += 1) {
      if (!this.qualifies(j)) continue;
      this.firstEnd = j;
      this.quoteJoins = true;
      if (j < last) this.isOpen = true;
      return;
    }
  }
}

const DOT = 0x2e;
/** Last letters of the titles the prefix rule protects (Mr, Mrs, Ms, Dr, St). */
const TITLE_ENDS = new Set([0x72, 0x73, 0x74]);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** What String#trim removes (JS whitespace and line terminators), for one UTF-16 code unit. */
function isWhitespaceCode(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return /\s/.test(String.fromCharCode(c));
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
