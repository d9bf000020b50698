/**
 * The rule-based tokenizers (upstream tokenize/basic.py): the default sentence tokenizer for TTS
 * and the word tokenizer the transcript synchronizer paces with. English-centric, as upstream.
 */
import { sentenceBoundaryChars, splitSentences } from './basic-sentence';
import { splitWords, WordScanner, wordBoundaryChars, type SplitWordsOptions } from './basic-word';
import { hyphenateWord } from './hyphenate';
import { SentenceSplitGate } from './sentence-split-gate';
import { BufferedSentenceStream, BufferedWordStream } from './token-stream';
import type { SentenceStream, SentenceTokenizer, WordStream, WordTokenizer } from './tokenizer';

export { splitWords, splitSentences, hyphenateWord };

export interface SentenceTokenizerOptions {
  /** Sentences this short are merged with the next (upstream default 20 characters). */
  minSentenceLength?: number;
  /** Characters buffered before the stream tries to split (upstream default 10). */
  streamContextLength?: number;
  retainFormat?: boolean;
}

export class BasicSentenceTokenizer implements SentenceTokenizer {
  private readonly minSentenceLength: number;
  private readonly streamContextLength: number;
  private readonly retainFormat: boolean;

  constructor(opts: SentenceTokenizerOptions = {}) {
    this.minSentenceLength = opts.minSentenceLength ?? 20;
    this.streamContextLength = opts.streamContextLength ?? 10;
    this.retainFormat = opts.retainFormat ?? false;
  }

  tokenize(text: string): string[] {
    return this.split(text).map((t) => t[0]);
  }

  stream(): SentenceStream {
    return new BufferedSentenceStream({
      tokenize: (t) => this.split(t),
      minTokenLength: this.minSentenceLength,
      minContextLength: this.streamContextLength,
      boundaryChars: sentenceBoundaryChars(this.retainFormat),
      splitGate: new SentenceSplitGate({
        minSentenceLength: this.minSentenceLength,
        retainFormat: this.retainFormat,
      }),
    });
  }

  private split(text: string): ReturnType<typeof splitSentences> {
    return splitSentences(text, {
      minSentenceLength: this.minSentenceLength,
      retainFormat: this.retainFormat,
    });
  }
}

export class BasicWordTokenizer implements WordTokenizer {
  private readonly opts: Required<SplitWordsOptions>;

  constructor(opts: SplitWordsOptions = {}) {
    this.opts = {
      ignorePunctuation: opts.ignorePunctuation ?? true,
      splitCharacter: opts.splitCharacter ?? false,
      retainFormat: opts.retainFormat ?? false,
    };
  }

  tokenize(text: string): string[] {
    return splitWords(text, this.opts).map((t) => t[0]);
  }

  /**
   * Every word is emitted as soon as the next one starts (min token and context length 1); the
   * stream scans each pushed character once (WordScanner), not its whole tail per push.
   */
  stream(): WordStream {
    return new BufferedWordStream({
      tokenize: (t) => splitWords(t, this.opts),
      minTokenLength: 1,
      minContextLength: 1,
      boundaryChars: wordBoundaryChars(this.opts.splitCharacter),
      incremental: new WordScanner(this.opts),
    });
  }

  formatWords(words: readonly string[]): string {
    return words.join(' ');
  }
}

/**
 * Word count as the activity measures it for minInterruptionWords (`len(split_words(text,
 * split_character=True))` in the seed).
 */
export function countWords(text: string, opts: SplitWordsOptions = { splitCharacter: true }): number {
  return splitWords(text, opts).length;
}
