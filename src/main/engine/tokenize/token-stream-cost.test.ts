import { describe, expect, it } from 'vitest';
import { sentenceBoundaryChars, splitSentences } from './basic-sentence';
import { splitWords, WordScanner, wordBoundaryChars, type SplitWordsOptions } from './basic-word';
import { SentenceSplitGate } from './sentence-split-gate';
import {
  BufferedTokenStream,
  EAGER_SCAN_CHARS,
  type IncrementalTokenizer,
  type TokenizeFn,
} from './token-stream';
import type { TokenData } from './tokenizer';

// Cost is counted, not timed: every stream below tokenizes through a wrapper that sums the
// length of each text it is given, i.e. the characters scanned.

const PROSE =
  'Sure! Let me check the weather in Paris for you. It is sunny, 23.5 degrees, with a light ' +
  'breeze from the west. Dr. Smith said the U.S. forecast looks fine... but who knows? ' +
  '"Bring an umbrella," she said.\nAfter that we walked to the station and took the train home. ';
const MB = 1_000_000;

interface Counted {
  stream: BufferedTokenStream;
  scanned: () => number;
  tokens: Promise<TokenData[]>;
}

function counted(kind: 'sentence' | 'word', maxTokenLength?: number, gated = false): Counted {
  let scanned = 0;
  const base: TokenizeFn =
    kind === 'sentence'
      ? (t) => splitSentences(t, { minSentenceLength: 20 })
      : (t) => splitWords(t, { retainFormat: true, ignorePunctuation: false, splitCharacter: true });
  // the settings of BasicSentenceTokenizer().stream() and of the transcript synchronizer's words
  const stream = new BufferedTokenStream({
    tokenize: (t) => {
      scanned += t.length;
      return base(t);
    },
    minTokenLength: kind === 'sentence' ? 20 : 1,
    minContextLength: kind === 'sentence' ? 10 : 1,
    boundaryChars: kind === 'sentence' ? sentenceBoundaryChars(false) : wordBoundaryChars(true),
    maxTokenLength,
    splitGate: gated ? new SentenceSplitGate({ minSentenceLength: 20 }) : undefined,
  });
  const tokens = (async () => {
    const out: TokenData[] = [];
    for await (const t of stream) out.push(t);
    return out;
  })();
  return { stream, scanned: () => scanned, tokens };
}

function pushIn(s: BufferedTokenStream, text: string, chunks: number): void {
  const size = Math.ceil(text.length / chunks);
  for (let i = 0; i < text.length; i += size) s.pushText(text.slice(i, i + size));
  s.endInput();
}

const texts: Array<[string, string]> = [
  ['prose', PROSE.repeat(Math.ceil(MB / PROSE.length)).slice(0, MB)],
  ['one word without any boundary', 'a'.repeat(MB)],
  ['words without a sentence end', 'lorem ipsum dolor '.repeat(MB / 18)],
];

describe('token streams scan each character a bounded number of times', () => {
  for (const kind of ['sentence', 'word'] as const) {
    for (const [name, text] of texts) {
      for (const chunks of [1, 10_000]) {
        it(`${kind} stream, 1 MB of ${name} in ${chunks} chunk(s): at most 3 scans per character`, async () => {
          const c = counted(kind);
          pushIn(c.stream, text, chunks);
          const tokens = await c.tokens;
          expect(tokens.length).toBeGreaterThan(0);
          expect(c.scanned()).toBeLessThanOrEqual(3 * text.length);
        });
      }
    }
  }

  it('worst case (a terminator that ends nothing, tiny chunks): at most 5n + EAGER_SCAN_CHARS per push', async () => {
    // "3.5" puts a terminator in the tail, so every push re-scans it (upstream's timing) until it
    // is longer than EAGER_SCAN_CHARS; then only after it doubled; at 2,000 characters it is cut.
    const text = ` 3.5 ${'x'.repeat(2999)}`.repeat(40);
    for (const size of [1, 4]) {
      const c = counted('sentence');
      let pushes = 0;
      for (let i = 0; i < text.length; i += size, pushes += 1) c.stream.pushText(text.slice(i, i + size));
      c.stream.endInput();
      await c.tokens;
      expect(c.scanned()).toBeLessThanOrEqual(5 * text.length + EAGER_SCAN_CHARS * pushes);
    }
  });

  it('the gated sentence stream (BasicSentenceTokenizer) re-splits prose in 4-character deltas at most 1.2 times per character', async () => {
    // Before titles ("Dr.") and abbreviations ("U.S.") were ruled out by the gate, every push
    // after "U.S." re-split the tail until the sentence ended: 2.7 characters per character.
    const text = texts[0][1];
    const c = counted('sentence', undefined, true);
    pushIn(c.stream, text, text.length / 4);
    expect((await c.tokens).length).toBe(splitSentences(text, { minSentenceLength: 20 }).length);
    expect(c.scanned()).toBeLessThanOrEqual(1.2 * text.length);
  });

  it('the cost per character does not grow with the reply (50 KB and 500 KB in 4-character chunks)', async () => {
    const ratio = async (n: number): Promise<number> => {
      const text = PROSE.repeat(Math.ceil(n / PROSE.length)).slice(0, n);
      const c = counted('sentence');
      pushIn(c.stream, text, n / 4);
      await c.tokens;
      return c.scanned() / n;
    };
    const small = await ratio(50_000);
    const large = await ratio(500_000);
    expect(large).toBeLessThanOrEqual(small * 1.01);
  });
});

/** The word stream as BasicWordTokenizer builds it, counting what its scanner and tokenize read. */
function countedWords(o: Required<SplitWordsOptions>): Counted {
  let scanned = 0;
  let scannedOfTail = 0;
  const scanner = new WordScanner(o);
  const incremental: IncrementalTokenizer = {
    scan: (t) => {
      scanned += t.length - scannedOfTail;
      scannedOfTail = t.length;
      scanner.scan(t);
    },
    get completed() {
      return scanner.completed;
    },
    get hasOpenToken() {
      return scanner.hasOpenToken;
    },
    dropHead: (count) => {
      scannedOfTail -= scanner.completed[count - 1][2];
      scanner.dropHead(count);
    },
    reset: () => {
      scannedOfTail = 0;
      scanner.reset();
    },
  };
  const stream = new BufferedTokenStream({
    tokenize: (t) => {
      scanned += t.length;
      return splitWords(t, o);
    },
    minTokenLength: 1,
    minContextLength: 1,
    boundaryChars: wordBoundaryChars(o.splitCharacter),
    incremental,
  });
  const tokens = (async () => {
    const out: TokenData[] = [];
    for await (const t of stream) out.push(t);
    return out;
  })();
  return { stream, scanned: () => scanned, tokens };
}

describe('the word stream scans a pushed character once, whatever the chunking', () => {
  // Re-splitting the tail on every push read 4.5 characters per character with 1-character
  // deltas and 1.9 with 4-character ones; the scanner reads only new text. A run that reaches
  // maxTokenLength without a word end (here 500,000 spaces, which keeping format stay in the
  // next word) is read once more by the cut.
  const cjk = '你好世界 hello, 世界! '.repeat(MB / 18);
  const cases: Array<[string, string, number]> = [
    ...texts.map(([name, text]): [string, string, number] => [name, text, 1]),
    ['CJK and Latin', cjk, 1],
    ['a run of spaces', `${' '.repeat(MB / 2)}a`, 2.05],
  ];
  for (const [name, text, perChar] of cases) {
    for (const size of [1, 4, 100, MB]) {
      it(`1 MB of ${name} in ${size}-character pushes: at most ${perChar} scan(s) per character`, async () => {
        const o = { retainFormat: true, ignorePunctuation: false, splitCharacter: true };
        const c = countedWords(o);
        for (let i = 0; i < text.length; i += size) c.stream.pushText(text.slice(i, i + size));
        c.stream.endInput();
        const tokens = await c.tokens;
        expect(tokens.map((t) => t.token).join('')).toBe(text);
        expect(c.scanned()).toBeLessThanOrEqual(perChar * text.length + 2 * EAGER_SCAN_CHARS);
      });
    }
  }
});

describe('a token without a boundary is cut at maxTokenLength', () => {
  it('cuts a run without whitespace at the bound, and the pieces join back', async () => {
    const c = counted('word', 50);
    pushIn(c.stream, 'a'.repeat(120), 120);
    const words = (await c.tokens).map((t) => t.token);
    expect(words.map((w) => w.length)).toEqual([50, 50, 20]);
    expect(words.join('')).toBe('a'.repeat(120));
  });

  it('cuts a sentence that never ends at the last whitespace before the bound', async () => {
    const c = counted('sentence', 50);
    const text = 'lorem ipsum dolor sit amet '.repeat(6).trim();
    pushIn(c.stream, text, text.length);
    const got = (await c.tokens).map((t) => t.token);
    expect(got.every((t) => t.length <= 50)).toBe(true);
    expect(got.length).toBeGreaterThan(2);
    expect(got.join(' ')).toBe(text);
  });

  it('cuts a long token the tokenizer returns whole (one chunk), and the pieces join back', async () => {
    const c = counted('word', 50);
    const long = 'b'.repeat(130);
    pushIn(c.stream, `${long} end`, 1);
    const words = (await c.tokens).map((t) => t.token);
    expect(words.map((w) => w.length)).toEqual([50, 50, 30, 4]);
    expect(words.join('')).toBe(`${long} end`);
  });

  it('never cuts inside a surrogate pair', async () => {
    const c = counted('word', 5);
    pushIn(c.stream, '😀'.repeat(6), 12);
    const words = (await c.tokens).map((t) => t.token);
    expect(words.join('')).toBe('😀'.repeat(6));
    for (const w of words) expect(w).toBe([...w].join(''));
    expect(words.every((w) => !/[\ud800-\udbff]$/.test(w))).toBe(true);
  });

  it('refuses a maxTokenLength below 2', () => {
    expect(() => counted('word', 1)).toThrow('maxTokenLength must be an integer >= 2, got 1');
  });
});

describe('splitWords keeping format', () => {
  it('handles a million spaces in one pass (was quadratic in a run of spaces)', () => {
    const words = splitWords(`${' '.repeat(MB)}a b`, { retainFormat: true });
    expect(words.map((w) => w[0].length)).toEqual([MB + 1, 2]);
  });
});
