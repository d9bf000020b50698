/**
 * Test helpers shared by the token stream property tests: cut a text into chunks, and record
 * which tokens a stream made readable after each push (the push that emits a token matters to
 * TTS and the transcript, so equivalence is checked per push, not only on the token list).
 */
import type { TokenStream } from './tokenizer';

/** Splits `t` into chunks at the given cut points (taken modulo the text length). */
export function chunked(t: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of [...at, t.length]) {
    if (c > prev) out.push(t.slice(prev, c));
    prev = c;
  }
  return out;
}

/** Tokens read after each push, then after endInput (the stream sends synchronously). */
export async function perPush(s: TokenStream, chunks: string[]): Promise<string[][]> {
  const seen: string[] = [];
  const reader = (async () => {
    for await (const t of s) seen.push(t.token);
  })();
  const steps: string[][] = [];
  let taken = 0;
  for (const c of chunks) {
    s.pushText(c);
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    steps.push(seen.slice(taken));
    taken = seen.length;
  }
  s.endInput();
  await reader;
  steps.push(seen.slice(taken));
  return steps;
}
