/**
 * The sentence stream's cheap pre-check (issue 13.4): reading text as it arrives, SentenceSplitGate
 * tells whether splitSentences could return more than one sentence, so the stream skips re-splitting
 * its tail while it cannot. A wrong "cannot" would change tokens, so every rule here only rules out
 * what splitSentences provably never splits at; anything unsure counts as a possible end.
 */
import type { SplitSentencesOptions } from './basic-sentence';

/**
 * Each sentence end sits right after a terminator at p (or after a closing quote at p + 1), and
 * the first sentence of two is longer than the minimum only if the text up to it is: at most
 * p + 2 characters, plus one joining space per piece without retainFormat, so p must satisfy
 * f * (p + 2) > minSentenceLength (f = 2, or 1 keeping format). A second sentence needs a kept
 * character after that end (one that is not whitespace, unless format is kept). So: "open" once a
 * terminator past that length is followed by such a character (a closing quote right after a
 * terminator other than a newline does not count). Periods splitSentences protects are no
 * terminators here: decimals, ellipses, titles ("Dr."), single letters (" a."), and two-letter
 * abbreviations ("U.S.", "e.g.") followed by a space and a word that cannot start a new sentence
 * for it.
 * Cost per fed character is constant.
 */
export class SentenceSplitGate {
  private readonly minSentenceLength: number;
  private readonly retainFormat: boolean;
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
  /** The three characters before the run (char codes, -1 for none). */
  private runBefore1 = -1;
  private runBefore2 = -1;
  private runBefore3 = -1;
  /** The last three characters fed. */
  private prev1 = -1;
  private prev2 = -1;
  private prev3 = -1;
  /**
   * Index of a lone period that may be the first of "X.Y. z" (see abbreviationAhead), or -1;
   * until the characters after it decide, the gate says "open", as for any other end.
   */
  private abbrevAt = -1;
  /** Both letters of that abbreviation are capitals (then it may end before a sentence starter). */
  private abbrevCapitals = false;

  constructor(opts: SplitSentencesOptions = {}) {
    this.minSentenceLength = opts.minSentenceLength ?? 20;
    this.retainFormat = opts.retainFormat ?? false;
  }

  /** Whether the text fed so far may split into more than one sentence (false: it cannot). */
  get open(): boolean {
    return this.isOpen || this.abbrevAt >= 0;
  }

  reset(): void {
    this.length = 0;
    this.firstEnd = -1;
    this.isOpen = false;
    this.runLength = 0;
    this.prev1 = -1;
    this.prev2 = -1;
    this.prev3 = -1;
    this.abbrevAt = -1;
  }

  /** Appends text; returns `open`. */
  feed(text: string): boolean {
    if (this.isOpen) return true;
    for (let k = 0; k < text.length && !this.isOpen; k += 1) {
      const c = text.charCodeAt(k);
      this.step(this.length + k, c);
      this.prev3 = this.prev2;
      this.prev2 = this.prev1;
      this.prev1 = c;
    }
    this.length += text.length;
    return this.open;
  }

  private step(i: number, c: number): void {
    if (this.firstEnd >= 0) {
      this.checkContent(i, c);
      return;
    }
    if (this.abbrevAt >= 0 && !this.abbreviationStep(i, c)) return;
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
      if (this.abbrevAt >= 0) return;
    }
    if (c === DOT) {
      this.runStart = i;
      this.runLength = 1;
      this.runBefore1 = this.prev1;
      this.runBefore2 = this.prev2;
      this.runBefore3 = this.prev3;
    } else if (isTerminator(c, this.retainFormat) && this.qualifies(i)) {
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
   * only the first), a lone period after a title (Mr, St, Mrs, Ms, Dr: the first rule protects it
   * whatever follows), a lone period after a space and one letter (" a." : the single-letter
   * rule; a newline is a space there unless format is kept; no rule before it can make that
   * period end a sentence, the acronym rule only ends one after "X.Y."), or two periods or more that no title ("Dr.") precedes and no domain
   * (".com") follows: every period of it then stays a period. A lone period that may start an
   * abbreviation waits for abbreviationStep. Otherwise the run's first period far enough in
   * becomes firstEnd, and a later period of the run is a character after it.
   */
  private endRun(c: number): void {
    const len = this.runLength;
    this.runLength = 0;
    const b1 = this.runBefore1;
    const b2 = this.runBefore2;
    const abbreviation =
      len === 1 && isAsciiLetter(b1) && (b2 === -1 || isAsciiSpace(b2)) && isAsciiLetter(c);
    const protectedRun =
      len === 1
        ? (isDigit(b1) && b2 !== DOT && isDigit(c)) ||
          isTitle(this.runBefore3, b2, b1) ||
          (!abbreviation && isAsciiLetter(b1) && (b2 === 0x20 || (b2 === 0x0a && !this.retainFormat)))
        : !TITLE_ENDS.has(b1) && !(c >= 0x61 && c <= 0x7a);
    if (protectedRun) return;
    const last = this.runStart + len - 1;
    for (let j = this.runStart; j <= last; j += 1) {
      if (!this.qualifies(j)) continue;
      if (abbreviation) {
        this.abbrevAt = j;
        this.abbrevCapitals = isCapital(b1) && isCapital(c);
        return;
      }
      this.firstEnd = j;
      this.quoteJoins = true;
      if (j < last) this.isOpen = true;
      return;
    }
  }

  /**
   * A lone period at abbrevAt (call it p) has a letter before it, nothing or an ASCII space
   * before that letter, and a letter after it. If p + 2 is a period, p + 3 a space and p + 4 not
   * the capital a sentence starter begins with ("He", "They", "Mr"... when both letters are
   * capitals), the two-letter rule ("X.Y." -> no period ends) protects both periods: no earlier
   * rule can touch those four characters (no title, digit, domain, run of periods, "Ph.D.", and
   * no longer chain of letters and periods before the first letter), and the acronym rule ends a
   * sentence after "X.Y." only before a starter. Otherwise p is a sentence end as for any other
   * period: firstEnd, and the letter after it is content, so the gate opens. Returns whether the
   * caller still has to handle character `c` at `i` (the one after the space, on success).
   */
  private abbreviationStep(i: number, c: number): boolean {
    const at = i - this.abbrevAt;
    const ok =
      at === 2 ? c === DOT : at === 3 ? c === 0x20 : !(this.abbrevCapitals && STARTER_INITIALS.has(c));
    if (!ok) {
      this.firstEnd = this.abbrevAt;
      this.quoteJoins = true;
      this.isOpen = true;
      this.abbrevAt = -1;
      return false;
    }
    if (at < 4) return false;
    this.abbrevAt = -1;
    return true;
  }
}

const DOT = 0x2e;
/** Last letters of the titles the prefix rule protects (Mr, Mrs, Ms, Dr, St). */
const TITLE_ENDS = new Set([0x72, 0x73, 0x74]);
/** First letters of the sentence starters after which an acronym ends a sentence. */
const STARTER_INITIALS = new Set([...'MDPCLHSITOWB'].map((x) => x.charCodeAt(0)));
const TITLES = new Set(['Mr', 'St', 'Ms', 'Dr']);

/** The prefix rule's titles (Mr, St, Mrs, Ms, Dr) right before a period. */
function isTitle(b3: number, b2: number, b1: number): boolean {
  if (b2 < 0) return false;
  if (TITLES.has(String.fromCharCode(b2, b1))) return true;
  return b3 === 0x4d && b2 === 0x72 && b1 === 0x73; // "Mrs"
}

/** sentenceBoundaryChars(retainFormat) for one UTF-16 code unit (a period is handled as a run). */
function isTerminator(c: number, retainFormat: boolean): boolean {
  if (c < 0x80) return c === 0x21 || c === 0x3f || c === DOT || (retainFormat && c === 0x0a);
  return c === 0x3002 || c === 0xff01 || c === 0xff1f;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isCapital(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

function isAsciiLetter(c: number): boolean {
  return isCapital(c) || (c >= 0x61 && c <= 0x7a);
}

function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** What String#trim removes (JS whitespace and line terminators), for one UTF-16 code unit. */
function isWhitespaceCode(c: number): boolean {
  if (c < 0x80) return isAsciiSpace(c);
  return /\s/.test(String.fromCharCode(c));
}
