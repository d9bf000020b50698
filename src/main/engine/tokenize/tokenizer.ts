/**
 * Tokenizer contracts (upstream tokenize/tokenizer.py). Sentence streams let TTS start speaking
 * before the whole reply exists; word streams pace the transcript synchronizer. Tokens come out
 * tagged with a segment id so a consumer can tell where a flush cut the text.
 */

/** Characters stripped from words when punctuation is ignored (upstream's PUNCTUATIONS list). */
export const PUNCTUATIONS: readonly string[] = [
  ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  '±',
  '—',
  '‘',
  '’',
  '“',
  '”',
  '…',
];

/** A token with the span it covers in the text it was split from (UTF-16 indices, end exclusive). */
export type TokenSpan = [token: string, start: number, end: number];

export interface TokenData {
  segmentId: string;
  token: string;
}

/** Push text in, read tokens out; `flush` ends a segment, `endInput` ends the stream. */
export interface TokenStream extends AsyncIterable<TokenData> {
  pushText(text: string): void;
  flush(): void;
  endInput(): void;
  close(): Promise<void>;
  readonly closed: boolean;
}

export type SentenceStream = TokenStream;
export type WordStream = TokenStream;

export interface SentenceTokenizer {
  tokenize(text: string): string[];
  stream(): SentenceStream;
}

export interface WordTokenizer {
  tokenize(text: string): string[];
  stream(): WordStream;
  /** Joins words back into text (upstream joins with single spaces). */
  formatWords(words: readonly string[]): string;
}
