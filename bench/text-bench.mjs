#!/usr/bin/env node
// Cost of the engine's text streams (src/main/engine/tokenize): a 1 MB reply pushed through the
// sentence stream (BasicSentenceTokenizer, what the TTS providers cut replies with) and the word
// stream (the transcript synchronizer's settings), all at once, in 100-character chunks and in
// 4-character LLM-like deltas; the time runs from the first push until the last token is read.
// Also a 1 MB run without any boundary (cut at the 2,000-character bound). Reported as ms per MB.
//   node bench/text-bench.mjs [--runs 3] [--mb 1] [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

const opts = { runs: 3, mb: 1, out: undefined };
for (let i = 2; i < process.argv.length; i += 2) {
  const [k, v] = [process.argv[i], process.argv[i + 1]];
  if (k === '--runs') opts.runs = Number(v);
  else if (k === '--mb') opts.mb = Number(v);
  else if (k === '--out') opts.out = v;
  else throw new Error(`text-bench: unknown argument ${k}`);
}
if (!(opts.runs >= 1) || !(opts.mb > 0)) throw new Error('text-bench: --runs must be >= 1 and --mb > 0');

const tk = await tsImport('../src/main/engine/tokenize/index.ts', import.meta.url);

const PARAGRAPH =
  'Sure! Let me check the weather in Paris for you. It is sunny, 23.5 degrees, with a light ' +
  'breeze from the west. Dr. Smith said the U.S. forecast looks fine... but who knows? ' +
  '"Bring an umbrella," she said.\nAfter that we walked to the station and took the train home. ';
const size = Math.round(opts.mb * 1_000_000);
const texts = {
  prose: PARAGRAPH.repeat(Math.ceil(size / PARAGRAPH.length)).slice(0, size),
  'no boundary': 'a'.repeat(size),
};
const streams = {
  sentence: () => new tk.BasicSentenceTokenizer().stream(),
  word: () =>
    new tk.BasicWordTokenizer({
      retainFormat: true,
      ignorePunctuation: false,
      splitCharacter: true,
    }).stream(),
};
const chunkings = { 'one push': size, '100-char chunks': 100, '4-char deltas': 4 };

async function once(makeStream, text, chunk) {
  const s = makeStream();
  let tokens = 0;
  const started = performance.now();
  const read = (async () => {
    for await (const _ of s) tokens += 1;
  })();
  for (let i = 0; i < text.length; i += chunk) s.pushText(text.slice(i, i + chunk));
  s.endInput();
  await read;
  return { ms: performance.now() - started, tokens };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const results = [];
for (const [streamName, make] of Object.entries(streams)) {
  for (const [textName, text] of Object.entries(texts)) {
    for (const [chunkName, chunk] of Object.entries(chunkings)) {
      if (textName === 'no boundary' && chunkName === '100-char chunks') continue;
      const ms = [];
      let tokens = 0;
      for (let r = 0; r < opts.runs; r++) {
        const o = await once(make, text, chunk);
        ms.push(o.ms);
        tokens = o.tokens;
      }
      const msPerMb = median(ms) / (size / 1_000_000);
      results.push({ stream: streamName, text: textName, chunking: chunkName, msPerMb, runsMs: ms, tokens });
      console.error(
        `${streamName} / ${textName} / ${chunkName}: ${msPerMb.toFixed(0)} ms per MB (${tokens} tokens)`,
      );
    }
  }
}
const out = { date: new Date().toISOString(), node: process.version, bytes: size, runs: opts.runs, results };
if (opts.out) {
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(out, null, 2));
} else console.log(JSON.stringify(out, null, 2));
