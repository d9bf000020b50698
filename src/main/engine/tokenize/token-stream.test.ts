import { describe, expect, it } from 'vitest';
import { BasicSentenceTokenizer, BasicWordTokenizer } from './basic';
import type { TokenData, TokenStream } from './tokenizer';

async function collect(s: TokenStream): Promise<TokenData[]> {
  const out: TokenData[] = [];
  for await (const t of s) out.push(t);
  return out;
}

function pushChunks(s: TokenStream, text: string, n: number): void {
  for (let i = 0; i < text.length; i += n) s.pushText(text.slice(i, i + n));
}

const LONG =
  'Hello there. How are you today? I am fine! Mr. Smith went to Washington. He met Dr. Jones at 3.5 p.m. and they talked.';

// Expected token sequences were produced by upstream's token_stream.py + basic tokenizers.
describe('sentence stream', () => {
  it('emits sentences as soon as the next one starts, whatever the chunking', async () => {
    for (const n of [1, 3, 7]) {
      const s = new BasicSentenceTokenizer().stream();
      const got = collect(s);
      pushChunks(s, LONG, n);
      s.endInput();
      expect((await got).map((t) => t.token)).toEqual([
        'Hello there. How are you today?',
        'I am fine! Mr. Smith went to Washington.',
        'He met Dr. Jones at 3.5 p.m. and they talked.',
      ]);
    }
  });

  it('emits early sentences before the input ends, and a new segment id after flush', async () => {
    const s = new BasicSentenceTokenizer().stream();
    const it = s[Symbol.asyncIterator]();
    s.pushText('Sure! Let me check the weather in Paris for you. It ');
    const first = await it.next();
    expect(first.value).toMatchObject({ token: 'Sure! Let me check the weather in Paris for you.' });
    s.pushText('is sunny.');
    s.flush();
    const second = await it.next();
    expect(second.value).toMatchObject({ token: 'It is sunny.' });
    expect((second.value as TokenData).segmentId).toBe((first.value as TokenData).segmentId);
    s.pushText('Next segment.');
    s.flush();
    const third = await it.next();
    expect((third.value as TokenData).segmentId).not.toBe((first.value as TokenData).segmentId);
    await s.close();
    expect((await it.next()).done).toBe(true);
    expect(() => s.pushText('x')).toThrow('is closed');
  });
});

describe('word stream', () => {
  it('emits words with their leading whitespace so they join back (synchronizer settings)', async () => {
    const text = 'Sure! Let me check the weather in Paris for you. It is sunny.  你好，世界。OK';
    const w = new BasicWordTokenizer({
      ignorePunctuation: false,
      splitCharacter: true,
      retainFormat: true,
    }).stream();
    const got = collect(w);
    pushChunks(w, text, 7);
    w.endInput();
    const words = (await got).map((t) => t.token);
    expect(words).toEqual([
      'Sure!',
      ' Let',
      ' me',
      ' check',
      ' the',
      ' weather',
      ' in',
      ' Paris',
      ' for',
      ' you.',
      ' It',
      ' is',
      ' sunny.',
      '  ',
      '你',
      '好',
      '，',
      '世',
      '界',
      '。OK',
    ]);
    expect(words.join('')).toBe(text);
  });
});
