/**
 * Word splitting (upstream tokenize/_basic_word.py): whitespace separates words, and with
 * `splitCharacter` every CJK or Thai character counts as a word of its own, since those scripts
 * do not put spaces between words. The activity counts these words for minInterruptionWords, so
 * the rules follow upstream exactly.
 */
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

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
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
  const ignorePunctuation = opts.ignorePunctuation ?? true;
  const splitCharacter = opts.splitCharacter ?? false;
  const retainFormat = opts.retainFormat ?? false;
  const words: TokenSpan[] = [];

  const addWord = (start: number, end: number): void => {
    let word = text.slice(start, end);
    if (ignorePunctuation && word) word = [...word].filter((c) => !PUNCT_SET.has(c)).join('');
    if (word) words.push([word, start, end]);
  };

  let wordStart = 0;
  // Whether text[wordStart, pos) has something String#trim keeps (JS \s is what trim removes);
  // tracked as we go rather than re-sliced per space, so a long run of spaces stays linear.
  // Walks code points by char code: no per-character string or RegExp for ASCII text.
  let wordHasText = false;
  for (let pos = 0; pos < text.length;) {
    const code = text.charCodeAt(pos);
    let next = pos + 1;
    let space = false;
    let jsSpace = false;
    let charBased = false;
    if (code < 0x80) {
      jsSpace = code === 0x20 || (code >= 0x09 && code <= 0x0d);
      space = jsSpace || (code >= 0x1c && code <= 0x1f);
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(next))) {
      next += 1; // astral: neither space nor CJK/Thai
    } else {
      const ch = text[pos];
      jsSpace = SPACE.test(ch);
      space = code !== 0xfeff && jsSpace;
      charBased = splitCharacter && isCharBasedCode(code);
    }
    if (space) {
      if (!(retainFormat && !wordHasText)) {
        addWord(wordStart, pos);
        wordStart = retainFormat ? pos : next;
        wordHasText = false;
      }
    } else if (charBased) {
      if (wordStart < pos) addWord(wordStart, pos);
      addWord(pos, next);
      wordStart = next;
      wordHasText = false;
    }
    if (wordStart <= pos && !jsSpace) wordHasText = true;
    pos = next;
  }
  addWord(wordStart, text.length);
  return words;
}
