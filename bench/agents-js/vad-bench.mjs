#!/usr/bin/env node
// Silero VAD cost in agents-js, measured four ways (all single stream, sequential):
//   A. plugin-silero OnnxModel.run()           — onnxruntime-node, the plugin's own model wrapper
//   B. plugin-silero VAD stream                — full VADStream: framing, inference, events
//   C. @livekit/local-inference createVad()    — native silero behind agents' default inference.VAD
//   D. agents inference.VAD stream             — the VAD AgentSession builds when `vad` is omitted
//
//   node vad-bench.mjs [--windows 3000] [--seconds 60] [--frame-ms 20] [--input-rate 16000] [--out FILE]
// One-core numbers: run under `taskset -c 0`. It sits in bench/agents-js so that its imports resolve
// to the bench-only packages pinned in bench/agents-js/package.json (bench/vad-bench.mjs is ours).
import * as agents from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));

const args = { windows: 3000, seconds: 60, frameMs: 20, inputRate: 16000, out: undefined };
for (let i = 2; i < process.argv.length; i++) {
  const k = process.argv[i];
  const v = process.argv[++i];
  if (k === '--windows') args.windows = Number(v);
  else if (k === '--seconds') args.seconds = Number(v);
  else if (k === '--frame-ms') args.frameMs = Number(v);
  else if (k === '--input-rate') args.inputRate = Number(v);
  else if (k === '--out') args.out = v;
  else throw new Error(`unknown argument ${k}`);
}

agents.initializeLogger({ pretty: false, level: 'error' });

const WINDOW = 512; // 32 ms at 16 kHz
const WINDOW_MS = 32;

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
function summarize(xs) {
  const v = [...xs].sort((a, b) => a - b);
  return {
    n: v.length,
    median: quantile(v, 0.5),
    p95: quantile(v, 0.95),
    p99: quantile(v, 0.99),
    mean: v.reduce((s, x) => s + x, 0) / v.length,
    min: v[0],
    max: v[v.length - 1],
  };
}
const cpuMs = (u) => (u.user + u.system) / 1000;

// deterministic "speech-like" signal: 1 s of voiced harmonics + noise, then 1 s of near-silence
function makeSignal(totalSamples, rate) {
  const out = new Int16Array(totalSamples);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (let i = 0; i < totalSamples; i++) {
    const t = i / rate;
    const voiced = Math.floor(t) % 2 === 0;
    const f0 = 140 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    let s = 0;
    if (voiced) {
      for (let h = 1; h <= 8; h++) s += Math.sin(2 * Math.PI * f0 * h * t) / h;
      s = s * 0.35 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) + 0.05 * rnd();
    } else {
      s = 0.003 * rnd();
    }
    out[i] = Math.max(-32768, Math.min(32767, Math.round(s * 32767)));
  }
  return out;
}

async function timeWindows(name, runOne, n) {
  const sig = makeSignal(WINDOW * n, 16000);
  for (let i = 0; i < 100; i++) await runOne(sig.subarray(0, WINDOW)); // warmup
  const per = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await runOne(sig.subarray(i * WINDOW, (i + 1) * WINDOW));
    per.push(performance.now() - a);
  }
  const wall = performance.now() - t0;
  const cpu = cpuMs(process.cpuUsage(c0));
  return {
    name,
    windows: n,
    per_window_ms: summarize(per),
    windows_per_s_wall: (n / wall) * 1000,
    cpu_ms_per_window: cpu / n,
    windows_per_cpu_s: (n / cpu) * 1000,
    realtime_factor: (n * WINDOW_MS) / wall, // audio ms processed per wall ms
  };
}

async function timeStream(name, vad, seconds, frameMs, inputRate) {
  const spf = Math.round((inputRate * frameMs) / 1000);
  const nFrames = Math.round((seconds * 1000) / frameMs);
  const sig = makeSignal(spf * nFrames, inputRate);
  const run = async (frames) => {
    const stream = vad.stream();
    const counts = { inference: 0, start: 0, end: 0 };
    let tLast = 0;
    let cpuLast;
    let wake = () => {};
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const consumer = (async () => {
      for await (const ev of stream) {
        if (ev.type === agents.VADEventType.INFERENCE_DONE) {
          counts.inference++;
          tLast = performance.now();
          cpuLast = process.cpuUsage(c0);
        } else if (ev.type === agents.VADEventType.START_OF_SPEECH) counts.start++;
        else if (ev.type === agents.VADEventType.END_OF_SPEECH) counts.end++;
        wake();
      }
    })();
    for (let i = 0; i < frames; i++) {
      const data = sig.slice(i * spf, (i + 1) * spf);
      stream.pushFrame(new AudioFrame(data, inputRate, 1, spf));
    }
    // VADStream.endInput() rejects with "WritableStream is locked" in agents 1.9.0, so the end
    // of processing is detected as 300 ms without a new event; wall time stops at the last one.
    while (true) {
      const before = counts.inference + counts.start + counts.end;
      await new Promise((r) => {
        const t = setTimeout(r, 300);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      if (counts.inference + counts.start + counts.end === before) break;
    }
    const cpu = cpuMs(cpuLast); // CPU up to the last inference event
    const wall = tLast - t0;
    try {
      stream.close();
    } catch {
      /* already closed */
    }
    await consumer.catch(() => {});
    return { wall, cpu, counts };
  };
  await run(Math.min(nFrames, 100)); // warmup
  const r = await run(nFrames);
  return {
    name,
    input: `${seconds} s of ${inputRate} Hz mono in ${frameMs} ms frames, pushed as fast as possible`,
    inference_windows: r.counts.inference,
    speech_segments: { start: r.counts.start, end: r.counts.end },
    wall_ms: r.wall,
    cpu_ms: r.cpu,
    windows_per_s_wall: (r.counts.inference / r.wall) * 1000,
    ms_per_window_wall: r.wall / r.counts.inference,
    cpu_ms_per_window: r.cpu / r.counts.inference,
    input_frames_per_s_wall: (nFrames / r.wall) * 1000,
    realtime_factor: (seconds * 1000) / r.wall,
  };
}

const results = [];

// A + B: plugin-silero (onnxruntime-node)
{
  const silero = await import('@livekit/agents-plugin-silero');
  const pluginDir = path.dirname(require.resolve('@livekit/agents-plugin-silero'));
  const { OnnxModel, newInferenceSession } = await import(
    pathToFileURL(path.join(pluginDir, 'onnx_model.js')).href
  );
  const session = await newInferenceSession(true);
  const model = new OnnxModel(session, 16000);
  const f32 = new Float32Array(WINDOW);
  results.push(
    await timeWindows(
      'A plugin-silero OnnxModel.run (onnxruntime-node, 1 intra-op thread)',
      (pcm) => {
        for (let i = 0; i < WINDOW; i++) f32[i] = pcm[i] / 32767;
        return model.run(f32);
      },
      args.windows,
    ),
  );
  const vad = await silero.VAD.load({ forceCPU: true });
  results.push(
    await timeStream('B plugin-silero VAD stream', vad, args.seconds, args.frameMs, args.inputRate),
  );
}

// C + D: agents' default inference.VAD (native @livekit/local-inference)
{
  let native;
  try {
    native = require('@livekit/local-inference');
  } catch (e) {
    results.push({ name: 'C local-inference', error: String(e) });
  }
  if (native) {
    const v = native.createVad();
    results.push(
      await timeWindows(
        'C @livekit/local-inference createVad().predict (native, libuv pool)',
        (pcm) => v.predict(pcm),
        args.windows,
      ),
    );
    const vad = new agents.inference.VAD({ model: 'silero' });
    results.push(
      await timeStream(
        'D agents inference.VAD stream (default VAD)',
        vad,
        args.seconds,
        args.frameMs,
        args.inputRate,
      ),
    );
  }
}

let affinity = 'unknown';
try {
  const { execFileSync } = await import('node:child_process');
  affinity = execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' })
    .trim()
    .split(':')
    .pop()
    .trim();
} catch {
  /* taskset missing */
}
const cpus = os.cpus();
const out = {
  date: new Date().toISOString(),
  node: process.version,
  agents: agents.version,
  onnxruntime: require('onnxruntime-node/package.json').version,
  machine: { cpus: cpus.length, cpuModel: cpus[0]?.model?.trim(), affinity },
  args,
  results,
};
const outFile = args.out ?? path.join(HERE, 'results', `vad-${Date.now()}.json`);
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(out, null, 2));

const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
console.log(
  `node ${out.node} | agents ${out.agents} | onnxruntime-node ${out.onnxruntime} | ${cpus.length}× ${out.machine.cpuModel} | affinity ${affinity}`,
);
for (const r of results) {
  if (r.error) console.log(`${r.name}: ERROR ${r.error}`);
  else if (r.per_window_ms)
    console.log(
      `${r.name}\n   per 32 ms window: median ${f(r.per_window_ms.median)} ms, p95 ${f(r.per_window_ms.p95)} ms (n=${r.windows}); ${f(r.windows_per_s_wall, 0)} windows/s wall; CPU ${f(r.cpu_ms_per_window)} ms/window = ${f(r.windows_per_cpu_s, 0)} windows per CPU-s; ${f(r.realtime_factor, 1)}× real time`,
    );
  else
    console.log(
      `${r.name}\n   ${r.input}: ${r.inference_windows} windows in ${f(r.wall_ms, 0)} ms → ${f(r.windows_per_s_wall, 0)} windows/s (${f(r.ms_per_window_wall)} ms/window wall, CPU ${f(r.cpu_ms_per_window)} ms/window), ${f(r.input_frames_per_s_wall, 0)} input frames/s, ${f(r.realtime_factor, 1)}× real time; speech segments ${r.speech_segments.start}/${r.speech_segments.end}`,
    );
}
console.log(`\nwrote ${path.relative(process.cwd(), outFile)}`);
process.exit(0); // onnxruntime / native VAD handles keep the loop alive
