import { describe, expect, it } from 'vitest';
import { BasicSentenceTokenizer, BasicWordTokenizer } from './basic';
import { splitSentences } from './basic-sentence';
import { splitWords, type SplitWordsOptions } from './basic-word';
import type { TokenizeFn } from './token-stream';
import type { TokenStream } from './tokenizer';

/** Upstream's token_stream.py loop as it was ported: re-tokenizes the buffer per emitted token. */
function upstreamTokens(tokenize: TokenizeFn, minTok: number, minCtx: number, chunks: string[]): string[] {
  const out: string[] = [];
  let inBuf = '';
  let outBuf = '';
  for (const c of chunks) {
    inBuf += c;
    if (inBuf.length < minCtx) continue;
    for (;;) {
      const tokens = tokenize(inBuf);
      if (tokens.length <= 1) break;
      if (outBuf) outBuf += ' ';
      outBuf += tokens[0][0];
      if (outBuf.length >= minTok) {
        out.push(outBuf);
        outBuf = '';
      }
      inBuf = inBuf.slice(tokens[0][2]);
    }
  }
  const tokens = tokenize(inBuf);
  if (tokens.length > 0) {
    if (outBuf) outBuf += ' ';
    outBuf += tokens.map((t) => t[0]).join(' ');
  }
  if (outBuf) out.push(outBuf);
  return out;
}

async function ourTokens(s: TokenStream, chunks: string[]): Promise<string[]> {
  const got = (async () => {
    const out: string[] = [];
    for await (const t of s) out.push(t.token);
    return out;
  })();
  for (const c of chunks) s.pushText(c);
  s.endInput();
  return got;
}

/** Mulberry32: a small seeded PRNG so every run checks the same inputs. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'Hello',
  'there',
  'Dr.',
  'Mr.',
  'Smith',
  'U.S.',
  'He',
  'She',
  'However',
  'Inc.',
  'Ph.D.',
  '3.5',
  'e.g.',
  'a.',
  'example.com',
  'wait...',
  'ok.',
  'Yes!',
  'why?',
  '"quoted."',
  '“so.”',
  'Jr.',
  'the',
  'weather',
  'is',
  'sunny',
  '你好',
  '世界。',
  'x',
  '—',
  '  ',
  '\n',
  'end.',
  'A.B.C.',
];

function randomCase(r: () => number): { text: string; chunks: string[] } {
  const words: string[] = [];
  const n = 5 + Math.floor(r() * 60);
  for (let i = 0; i < n; i += 1) words.push(PIECES[Math.floor(r() * PIECES.length)]);
  const text = words.join(r() < 0.8 ? ' ' : '');
  const chunks: string[] = [];
  for (let i = 0; i < text.length;) {
    const k = 1 + Math.floor(r() * 12);
    chunks.push(text.slice(i, i + k));
    i += k;
  }
  return { text, chunks };
}

// Texts here stay short (tails under the eager-scan size), where the stream promises exactly
// upstream's tokens; only the cost differs.
describe('buffered token stream keeps upstream tokens', () => {
  it('sentence streams give the tokens of the per-token rescan, for 500 random chunkings', async () => {
    const r = rng(8);
    for (let i = 0; i < 500; i += 1) {
      const { chunks } = randomCase(r);
      for (const retainFormat of [false, true]) {
        const fn: TokenizeFn = (t) => splitSentences(t, { minSentenceLength: 20, retainFormat });
        const ours = new BasicSentenceTokenizer({ retainFormat }).stream();
        expect(await ourTokens(ours, chunks)).toEqual(upstreamTokens(fn, 20, 10, chunks));
      }
    }
  });

  it('word streams give the tokens of the per-token rescan, for 500 random chunkings', async () => {
    const r = rng(9);
    const options: SplitWordsOptions[] = [
      {},
      { retainFormat: true, ignorePunctuation: false, splitCharacter: true },
    ];
    for (let i = 0; i < 500; i += 1) {
      const { chunks } = randomCase(r);
      for (const o of options) {
        const fn: TokenizeFn = (t) => splitWords(t, o);
        const ours = new BasicWordTokenizer(o).stream();
        expect(await ourTokens(ours, chunks)).toEqual(upstreamTokens(fn, 1, 1, chunks));
      }
    }
  });
});
