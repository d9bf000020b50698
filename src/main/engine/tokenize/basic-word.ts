/**
 * Word splitting (upstream tokenize/_basic_word.py): whitespace separates words, and with
 * `splitCharacter` every CJK or Thai character counts as a word of its own, since those scripts
 * do not put spaces between words. The activity counts these words for minInterruptionWords, so
 * the rules follow upstream exactly.
 */
import type { IncrementalTokenizer } from './token-stream';
import { PUNCTUATIONS, type TokenSpan } from './tokenizer';

export interface SplitWordsOptions {
  /** Strip punctuation characters from each word (a word left empty is dropped). Default true. */
  ignorePunctuation?: boolean;
  /** Treat each CJK/Thai character as a word. Default false. */
  splitCharacter?: boolean;
  /**
   * Keep the whitespace before a word inside it, so joining the words gives back the text.
   * Default false.
   */
  retainFormat?: boolean;
}

const PUNCT_SET = new Set(PUNCTUATIONS);
// CJK ideographs, hiragana/katakana, CJK extension A, Thai.
const CHAR_BASED_CLASS = '\\u4e00-\\u9fff\\u3040-\\u30ff\\u3400-\\u4dbf\\u0e00-\\u0e7f';
// Python's str.isspace also counts the information separators U+001C..U+001F as space, and
// does not count U+FEFF (which JS \s does).
const SPACE = /^\s$/u;

// The U+001C..U+001F range is what Python's isspace adds to \s (information separators).
// eslint-disable-next-line no-control-regex
const WORD_BOUNDARY = /[\s\u001c-\u001f]/u;
const WORD_BOUNDARY_CJK = new RegExp(`${WORD_BOUNDARY.source.slice(0, -1)}${CHAR_BASED_CLASS}]`, 'u');

/**
 * Characters at which splitWords can end a word (a superset of isSpaceChar, plus CJK/Thai with
 * splitCharacter): text without any of them is at most one word, so a stream need not scan it.
 */
export function wordBoundaryChars(splitCharacter: boolean): RegExp {
  return splitCharacter ? WORD_BOUNDARY_CJK : WORD_BOUNDARY;
}

/** CHAR_BASED_CLASS for one UTF-16 code unit. */
function isCharBasedCode(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x0e00 && c <= 0x0e7f)
  );
}

export function isSpaceChar(ch: string): boolean {
  if (ch === '\ufeff') return false;
  const code = ch.charCodeAt(0);
  return (code >= 0x1c && code <= 0x1f) || SPACE.test(ch);
}

/** Returns `[word, start, end]` for each word, positions into the original text. */
export function splitWords(text: string, opts: SplitWordsOptions = {}): TokenSpan[] {
  const scanner = new WordScanner(opts);
  scanner.scan(text);
  const last = scanner.openToken(text);
  if (last) scanner.completed.push(last);
  return scanner.completed;
}

/**
 * splitWords as a left-to-right scan that can stop and resume: fed a text, then the same text
 * with more appended, it scans only what was appended, and `completed` + `openToken` are always
 * what splitWords gives for the text scanned so far. The word stream keeps one per tail, so a
 * 4-character delta costs 4 characters of scanning, not a re-split of the tail.
 *
 * Per UTF-16 code unit, which gives splitWords' code point walk: a surrogate pair is neither
 * space nor CJK/Thai, and neither is each of its halves, so a pair split across two pushes scans
 * the same way.
 */
export class WordScanner implements IncrementalTokenizer {
  /** The words completed so far, `[word, start, end]` into the text scanned. */
  readonly completed: TokenSpan[] = [];
  private readonly ignorePunctuation: boolean;
  private readonly splitCharacter: boolean;
  private readonly retainFormat: boolean;
  /** Characters scanned. */
  private pos = 0;
  /** Where the word still open starts. */
  private wordStart = 0;
  /**
   * Whether text[wordStart, pos) has something String#trim keeps (JS \s is what trim removes);
   * tracked as we go rather than re-sliced per space, so a long run of spaces stays linear.
   */
  private wordHasText = false;
  /** Whether text[wordStart, pos) keeps a character once punctuation is stripped. */
  private openKept = false;

  constructor(opts: SplitWordsOptions = {}) {
    this.ignorePunctuation = opts.ignorePunctuation ?? true;
    this.splitCharacter = opts.splitCharacter ?? false;
    this.retainFormat = opts.retainFormat ?? false;
  }

  /** Starts over (the next `scan` gets a new text). */
  reset(): void {
    this.completed.length = 0;
    this.pos = 0;
    this.wordStart = 0;
    this.wordHasText = false;
    this.openKept = false;
  }

  /**
   * The first `count` completed words were taken and the text now starts where the last of them
   * ended. A word ends at a space (scanned next, whatever is before it: a fresh scan of the text
   * from that space reaches the state the scan has after it) or after a CJK/Thai character
   * (nothing open after it, as at the start of a text), so the scan state carries over as is,
   * its positions moved back.
   */
  dropHead(count: number): void {
    if (count < 1 || count > this.completed.length) {
      throw new Error(`WordScanner.dropHead: count must be 1..${this.completed.length}, got ${count}`);
    }
    const done = this.completed;
    const offset = done[count - 1][2];
    for (let k = count; k < done.length; k += 1) {
      const w = done[k];
      w[1] -= offset;
      w[2] -= offset;
      done[k - count] = w;
    }
    done.length -= count;
    this.pos -= offset;
    this.wordStart -= offset;
  }

  /** Scans `text` from where the last call stopped: it must extend the text scanned before. */
  scan(text: string): void {
    const { retainFormat, splitCharacter, ignorePunctuation } = this;
    let { pos, wordStart, wordHasText, openKept } = this;
    if (text.length < pos) throw new Error('WordScanner.scan: the text is shorter than what was scanned');
    for (; pos < text.length; pos += 1) {
      const code = text.charCodeAt(pos);
      let space = false;
      let jsSpace = false;
      let charBased = false;
      if (code < 0x80) {
        jsSpace = code === 0x20 || (code >= 0x09 && code <= 0x0d);
        space = jsSpace || (code >= 0x1c && code <= 0x1f);
      } else if (code < 0xd800 || code > 0xdfff) {
        jsSpace = isJsSpaceAbove7f(code);
        space = code !== 0xfeff && jsSpace;
        charBased = splitCharacter && isCharBasedCode(code);
      }
      if (space) {
        if (!(retainFormat && !wordHasText)) {
          this.addWord(text, wordStart, pos, openKept);
          wordStart = retainFormat ? pos : pos + 1;
          wordHasText = false;
          openKept = false;
        }
      } else if (charBased) {
        if (wordStart < pos) this.addWord(text, wordStart, pos, openKept);
        this.addWord(text, pos, pos + 1, true);
        wordStart = pos + 1;
        wordHasText = false;
        openKept = false;
      }
      if (wordStart <= pos) {
        if (!jsSpace) wordHasText = true;
        if (!openKept && !(ignorePunctuation && code < 0x2100 && PUNCT_CODES.has(code))) openKept = true;
      }
    }
    this.pos = pos;
    this.wordStart = wordStart;
    this.wordHasText = wordHasText;
    this.openKept = openKept;
  }

  /** Whether `openToken` would return a word (without building it). */
  get hasOpenToken(): boolean {
    return this.openKept;
  }

  /** The word still open at the end of `text` (the text scanned), as splitWords ends; or null. */
  openToken(text: string): TokenSpan | null {
    if (!this.openKept) return null;
    return [this.wordOf(text, this.wordStart, this.pos), this.wordStart, this.pos];
  }

  private addWord(text: string, start: number, end: number, kept: boolean): void {
    if (kept) this.completed.push([this.wordOf(text, start, end), start, end]);
  }

  private wordOf(text: string, start: number, end: number): string {
    const word = text.slice(start, end);
    return this.ignorePunctuation ? stripPunctuation(word) : word;
  }
}

/** Characters of PUNCTUATIONS (all single UTF-16 code units below U+2100). */
const PUNCT_CODES = new Set(PUNCTUATIONS.map((c) => c.charCodeAt(0)));

function stripPunctuation(word: string): string {
  for (let i = 0; i < word.length; i += 1) {
    if (PUNCT_CODES.has(word.charCodeAt(i))) return [...word].filter((c) => !PUNCT_SET.has(c)).join('');
  }
  return word;
}

/** JS \s (what String#trim removes) for one code unit from U+0080 up, surrogates excluded. */
function isJsSpaceAbove7f(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
