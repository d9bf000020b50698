/**
 * Buffered token streams (upstream tokenize/token_stream.py). Text arrives in LLM-sized chunks;
 * a token is only emitted once the tokenizer sees another token after it, because until then the
 * last token may still grow ("Dr" + ". Smith"). Short tokens are glued together until they reach
 * `minTokenLength`, and nothing is tokenized before `minContextLength` characters are buffered.
 */
import { Channel } from '../base/channel';
import { shortId } from '../llm/chat-context';
import type { TokenData, TokenSpan, TokenStream } from './tokenizer';

export type TokenizeFn = (text: string) => TokenSpan[];

export interface BufferedTokenStreamOptions {
  tokenize: TokenizeFn;
  minTokenLength: number;
  minContextLength: number;
}

export class BufferedTokenStream implements TokenStream {
  private readonly ch = new Channel<TokenData>();
  private readonly tokenize: TokenizeFn;
  private readonly minTokenLength: number;
  private readonly minContextLength: number;
  private segmentId = shortId('seg');
  private inBuf = '';
  private outBuf = '';

  constructor(opts: BufferedTokenStreamOptions) {
    this.tokenize = opts.tokenize;
    this.minTokenLength = opts.minTokenLength;
    this.minContextLength = opts.minContextLength;
  }

  get closed(): boolean {
    return this.ch.closed;
  }

  pushText(text: string): void {
    this.checkNotClosed();
    this.inBuf += text;
    if (this.inBuf.length < this.minContextLength) return;

    for (;;) {
      const tokens = this.tokenize(this.inBuf);
      if (tokens.length <= 1) break;
      const [tok, , end] = tokens[0];
      if (this.outBuf) this.outBuf += ' ';
      this.outBuf += tok;
      if (this.outBuf.length >= this.minTokenLength) {
        this.ch.send({ token: this.outBuf, segmentId: this.segmentId });
        this.outBuf = '';
      }
      this.inBuf = this.inBuf.slice(end);
    }
  }

  /** Emits whatever is buffered as the segment's last token and starts a new segment. */
  flush(): void {
    this.checkNotClosed();
    if (this.inBuf || this.outBuf) {
      const tokens = this.tokenize(this.inBuf);
      if (tokens.length > 0) {
        if (this.outBuf) this.outBuf += ' ';
        this.outBuf += tokens.map((t) => t[0]).join(' ');
      }
      if (this.outBuf) this.ch.send({ token: this.outBuf, segmentId: this.segmentId });
    }
    this.segmentId = shortId('seg');
    this.inBuf = '';
    this.outBuf = '';
  }

  endInput(): void {
    this.flush();
    this.ch.close();
  }

  /** Closes at once; buffered text that was not flushed is dropped. */
  async close(): Promise<void> {
    this.ch.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<TokenData> {
    return this.ch[Symbol.asyncIterator]();
  }

  private checkNotClosed(): void {
    if (this.ch.closed) throw new Error(`${this.constructor.name} is closed`);
  }
}

export class BufferedSentenceStream extends BufferedTokenStream {}
export class BufferedWordStream extends BufferedTokenStream {}
