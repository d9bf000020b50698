/** Text tokenization for the engine: words, sentences, syllables and their streams. */
export * from './tokenizer';
export * from './basic';
export {
  BufferedTokenStream,
  BufferedSentenceStream,
  BufferedWordStream,
  type TokenizeFn,
} from './token-stream';
export { isSpaceChar, type SplitWordsOptions } from './basic-word';
export type { SplitSentencesOptions } from './basic-sentence';
