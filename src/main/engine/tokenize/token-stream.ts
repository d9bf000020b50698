/**
 * Buffered token streams (upstream tokenize/token_stream.py). Text arrives in LLM-sized chunks;
 * a token is only emitted once the tokenizer sees another token after it, because until then the
 * last token may still grow ("Dr" + ". Smith"). Short tokens are glued together until they reach
 * `minTokenLength`, and nothing is tokenized before `minContextLength` characters are buffered.
 *
 * Deviation from upstream, for linear cost: upstream re-tokenizes the whole buffer once per token
 * it emits, which is quadratic in the reply (a 32 KB reply in one delta stalled the process for
 * seconds). Here one scan emits every token but the last, and only the tail that can still change
 * (the last token plus new text) is kept and scanned again. A tail of up to `EAGER_SCAN_CHARS` is
 * re-scanned on every push, as upstream, so sentences come out as early as they do there; a
 * longer tail only once it doubled, and one that reaches `maxTokenLength` without a
 * boundary is cut (at the last whitespace in its second half, else at the bound). Every
 * character is therefore scanned a bounded number of times, whatever the chunking. With an
 * `incremental` tokenizer (the word stream's) a re-scan of the tail only scans what was pushed
 * since the last scan, so a small delta costs its own length, not the tail's.
 */
import { Channel } from '../base/channel';
import { shortId } from '../llm/chat-context';
import type { TokenData, TokenSpan, TokenStream } from './tokenizer';

export type TokenizeFn = (text: string) => TokenSpan[];

/** Default bound on a token: longer runs without a boundary are cut here. */
export const DEFAULT_MAX_TOKEN_LENGTH = 2000;
/** Tails up to this long are re-scanned on every push (upstream's timing). */
export const EAGER_SCAN_CHARS = 256;

export interface BufferedTokenStreamOptions {
  tokenize: TokenizeFn;
  minTokenLength: number;
  minContextLength: number;
  /** A token that reaches this many characters without a boundary is cut; default 2000. */
  maxTokenLength?: number;
  /**
   * The characters at which `tokenize` can end a token (e.g. terminators for sentences, spaces
   * for words). While the tail holds none of them it is one token and is not scanned at all.
   * Absent: any character may end a token.
   */
  boundaryChars?: RegExp;
  /**
   * Optional, finer than `boundaryChars`: fed the tail as it grows, it says whether `tokenize`
   * could return more than one token for it; while it says no, the tail is not scanned.
   */
  splitGate?: SplitGate;
  /**
   * Optional: `tokenize` as a scan that resumes where it stopped. The stream then scans only
   * new text of the tail: emitted tokens are dropped from the scan, and only a cut at
   * maxTokenLength (which may fall inside a token) makes it scan the tail again. `tokenize` is
   * still used on a flush and for that cut.
   */
  incremental?: IncrementalTokenizer;
}

/**
 * `tokenize` as a resumable scan: after `scan(text)`, `tokenize(text)` is `completed` followed by
 * one more token when `hasOpenToken`.
 */
export interface IncrementalTokenizer {
  /** Scans `text`, which extends the text scanned since the last reset (only the rest is read). */
  scan(text: string): void;
  readonly completed: readonly TokenSpan[];
  readonly hasOpenToken: boolean;
  /**
   * The first `count` completed tokens were emitted and the text now starts where the last of
   * them ended: what was scanned after it stays scanned, positions move back. Must leave the
   * scanner as a fresh scan of the shortened text would.
   */
  dropHead(count: number): void;
  reset(): void;
}

/** An incremental necessary condition for `tokenize` to return two tokens or more. */
export interface SplitGate {
  /** Appends text to what the gate has seen; false means tokenize(seen) gives at most one token. */
  feed(text: string): boolean;
  reset(): void;
}

export class BufferedTokenStream implements TokenStream {
  private readonly ch = new Channel<TokenData>();
  private readonly tokenize: TokenizeFn;
  private readonly minTokenLength: number;
  private readonly minContextLength: number;
  private readonly maxTokenLength: number;
  private readonly boundaryChars: RegExp | null;
  private segmentId = shortId('seg');
  /** Text not yet emitted: the token that may still grow, plus what arrived after it. */
  private inBuf = '';
  private outBuf = '';
  /** The tail is scanned again once it is at least this long (0: at the next push). */
  private nextScanAt = 0;
  /** Whether the tail holds a boundary character (always true without `boundaryChars`). */
  private tailMaySplit: boolean;
  private readonly gate: SplitGate | null;
  /** The gate's verdict on the tail (always true without a gate). */
  private gateOpen: boolean;
  private readonly incremental: IncrementalTokenizer | null;

  constructor(opts: BufferedTokenStreamOptions) {
    const max = opts.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
    if (!Number.isInteger(max) || max < 2) {
      throw new Error(`BufferedTokenStream: maxTokenLength must be an integer >= 2, got ${max}`);
    }
    this.tokenize = opts.tokenize;
    this.minTokenLength = opts.minTokenLength;
    this.minContextLength = opts.minContextLength;
    this.maxTokenLength = max;
    if (opts.boundaryChars && (opts.boundaryChars.global || opts.boundaryChars.sticky)) {
      throw new Error('BufferedTokenStream: boundaryChars must not be a global or sticky RegExp');
    }
    this.boundaryChars = opts.boundaryChars ?? null;
    this.tailMaySplit = this.boundaryChars === null;
    this.gate = opts.splitGate ?? null;
    this.gateOpen = this.gate === null;
    this.incremental = opts.incremental ?? null;
  }

  get closed(): boolean {
    return this.ch.closed;
  }

  pushText(text: string): void {
    this.checkNotClosed();
    this.inBuf += text;
    if (!this.tailMaySplit && this.boundaryChars?.test(text)) this.tailMaySplit = true;
    if (this.gate) this.gateOpen = this.gate.feed(text);
    let cut = false;
    if (this.tailMaySplit && this.gateOpen) {
      if (this.inBuf.length < this.minContextLength || this.inBuf.length < this.nextScanAt) return;
      cut = this.incremental ? this.emitScannedHead(this.incremental) : this.emitHead();
    }
    // Here the tail is one token (it was just scanned, or holds no boundary character).
    while (this.inBuf.length >= this.maxTokenLength) {
      this.cutLongToken();
      cut = true;
    }
    const n = this.inBuf.length;
    this.nextScanAt = n <= EAGER_SCAN_CHARS ? 0 : Math.min(2 * n, this.maxTokenLength);
    if (cut && this.boundaryChars) this.tailMaySplit = this.boundaryChars.test(this.inBuf);
    if (cut && this.gate) {
      this.gate.reset();
      this.gateOpen = this.gate.feed(this.inBuf);
    }
  }

  /** Emits whatever is buffered as the segment's last token and starts a new segment. */
  flush(): void {
    this.checkNotClosed();
    if (this.inBuf || this.outBuf) {
      this.appendAll(this.inBuf);
      if (this.outBuf) this.ch.send({ token: this.outBuf, segmentId: this.segmentId });
    }
    this.segmentId = shortId('seg');
    this.inBuf = '';
    this.outBuf = '';
    this.nextScanAt = 0;
    this.tailMaySplit = this.boundaryChars === null;
    this.gate?.reset();
    this.gateOpen = this.gate === null;
    this.incremental?.reset();
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

  /** Scans the whole tail and emits every token but its last; false if it is one token. */
  private emitHead(): boolean {
    const tokens = this.tokenize(this.inBuf);
    if (tokens.length <= 1) return false;
    for (let i = 0; i < tokens.length - 1; i += 1) this.emitPieces(tokens[i][0]);
    this.inBuf = this.inBuf.slice(tokens[tokens.length - 2][2]);
    return true;
  }

  /** emitHead, scanning only what was pushed since the last scan. */
  private emitScannedHead(inc: IncrementalTokenizer): boolean {
    inc.scan(this.inBuf);
    const done = inc.completed;
    const n = done.length + (inc.hasOpenToken ? 1 : 0);
    if (n <= 1) return false;
    for (let i = 0; i < n - 1; i += 1) this.emitPieces(done[i][0]);
    this.inBuf = this.inBuf.slice(done[n - 2][2]);
    inc.dropHead(n - 1);
    return true;
  }

  private emitPieces(token: string): void {
    if (token.length <= this.maxTokenLength) this.emit(token);
    else for (const piece of cutPieces(token, this.maxTokenLength)) this.emit(piece);
  }

  /** Adds a token to the output, sending it once the glued tokens reach minTokenLength. */
  private emit(token: string): void {
    if (this.outBuf) this.outBuf += ' ';
    this.outBuf += token;
    if (this.outBuf.length >= this.minTokenLength) {
      this.ch.send({ token: this.outBuf, segmentId: this.segmentId });
      this.outBuf = '';
    }
  }

  /** Adds every token of `text` to the output buffer as one piece (what a flush does). */
  private appendAll(text: string): void {
    const tokens = this.tokenize(text);
    if (tokens.length === 0) return;
    if (this.outBuf) this.outBuf += ' ';
    this.outBuf += tokens.map((t) => t[0]).join(' ');
  }

  /**
   * The tail reached maxTokenLength without a boundary the tokenizer accepts: emit its first part
   * as a token (as a flush would) so a reply without boundaries cannot grow the buffer without end.
   */
  private cutLongToken(): void {
    const cut = cutPoint(this.inBuf, this.maxTokenLength);
    const head = this.inBuf.slice(0, cut);
    this.inBuf = this.inBuf.slice(cut);
    this.incremental?.reset(); // the cut may fall inside a token: scan the rest from its start
    const before = this.outBuf;
    this.appendAll(head);
    if (this.outBuf !== before && this.outBuf.length >= this.minTokenLength) {
      this.ch.send({ token: this.outBuf, segmentId: this.segmentId });
      this.outBuf = '';
    }
  }

  private checkNotClosed(): void {
    if (this.ch.closed) throw new Error(`${this.constructor.name} is closed`);
  }
}

/**
 * Where to cut text that is at least `max` long: after the last whitespace in the second half of
 * the first `max` characters (so the cut falls between words), else at `max`; never inside a
 * surrogate pair.
 */
function cutPoint(text: string, max: number): number {
  let cut = max;
  for (let i = max - 1; i > max >> 1; i -= 1) {
    if (/\s/.test(text[i])) {
      cut = i;
      break;
    }
  }
  const code = text.charCodeAt(cut - 1);
  return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;
}

/** A token the tokenizer returned, in pieces of at most `max` characters that join back to it. */
function cutPieces(token: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = token;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

export class BufferedSentenceStream extends BufferedTokenStream {}
export class BufferedWordStream extends BufferedTokenStream {}
