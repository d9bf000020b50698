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
const CHAR_BASED = /^[\u4e00-\u9fff\u3040-\u30ff\u3400-\u4dbf\u0e00-\u0e7f]$/u;
// Python's str.isspace also counts the information separators U+001C..U+001F as space, and
// does not count U+FEFF (which JS \s does).
const SPACE = /^\s$/u;

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
  let pos = 0;
  for (const ch of text) {
    const next = pos + ch.length;
    if (isSpaceChar(ch)) {
      if (!(retainFormat && text.slice(wordStart, pos).trim() === '')) {
        addWord(wordStart, pos);
        wordStart = retainFormat ? pos : next;
      }
    } else if (splitCharacter && CHAR_BASED.test(ch)) {
      if (wordStart < pos) addWord(wordStart, pos);
      addWord(pos, next);
      wordStart = next;
    }
    pos = next;
  }
  addWord(wordStart, text.length);
  return words;
}
