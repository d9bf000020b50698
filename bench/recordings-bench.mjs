#!/usr/bin/env node
// Large recordings (issue 9.5): generates version 2 recording folders of 100,000 and 1,000,000
// events (~200 bytes an event, ~200 MB for 1M) in a temp dir, then in a fresh process per size
// measures openRecording, the first page of 2,000 events, peak RSS/heap during open, and the
// longest event-loop stall during open (perf_hooks.monitorEventLoopDelay, 10 ms resolution, and
// a 5 ms setInterval drift probe). Targets: 100k first view (open + first page) < 2 s; 1M opens
// without holding its events (heap growth far below the file size) and no stall > 100 ms.
//   node bench/recordings-bench.mjs [--sizes 100000,1000000] [--out FILE] [--keep]
import { spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  openSync,
  rmSync,
  statfsSync,
  writeSync,
  closeSync,
  mkdirSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';

const SELF = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);

if (argv[0] === '--measure') {
  const [, dir, id] = argv;
  const rec = await tsImport('../src/main/recording/index.ts', import.meta.url);
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let lastTick = performance.now();
  let maxDrift = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    maxDrift = Math.max(maxDrift, now - lastTick - 5);
    lastTick = now;
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 5);
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t0 = performance.now();
  const opened = await rec.openRecording(dir, id);
  const openMs = performance.now() - t0;
  h.disable();
  const t1 = performance.now();
  const page = await opened.readEvents(0, 2000);
  const firstPageMs = performance.now() - t1;
  const t2 = performance.now();
  const mid = await opened.readEvents(Math.floor(opened.eventCount / 2), 2000);
  const midPageMs = performance.now() - t2;
  clearInterval(probe);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  console.log(
    JSON.stringify({
      eventCount: opened.eventCount,
      notices: opened.notices,
      pageEvents: page.length + mid.length,
      openMs,
      firstPageMs,
      midPageMs,
      firstViewMs: openMs + firstPageMs,
      // Conservative: the larger of the two probes, nothing subtracted.
      maxStallMs: Math.max(h.max / 1e6, maxDrift),
      loopDelayMaxMs: h.max / 1e6,
      driftMaxMs: maxDrift,
      rssBaseMB: base.rss / 1e6,
      rssPeakMB: peakRss / 1e6,
      heapBaseMB: base.heapUsed / 1e6,
      heapPeakMB: peakHeap / 1e6,
    }),
  );
  process.exit(0);
}

const opts = { sizes: [100_000, 1_000_000], out: undefined, keep: false };
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
  else if (argv[i] === '--out') opts.out = argv[++i];
  else if (argv[i] === '--keep') opts.keep = true;
  else throw new Error(`recordings-bench: unknown argument ${argv[i]}`);
}
if (!opts.sizes.every((n) => Number.isInteger(n) && n > 0))
  throw new Error('recordings-bench: --sizes are positive integers');

const { countEvent, emptyStats } = await tsImport('../src/main/recording/stats.ts', import.meta.url);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'recordings-bench-'));
const notes = [];

// ~200 bytes an event: mostly VAD inferences and state changes, a user turn and a TTS request every 50.
function eventAt(i, t) {
  if (i % 5 === 1)
    return {
      t,
      type: 'conversation_item_added',
      item: {
        type: 'message',
        id: `m${i}`,
        role: 'user',
        content: 'Could you check the weather in Paris for tomorrow afternoon, please?',
        interrupted: false,
        createdAt: t,
      },
    };
  if (i % 5 === 2)
    return {
      t,
      type: 'tts_request',
      phase: 'start',
      requestId: `tts_${i}`,
      speechId: `speech_${i}`,
      text: 'Sure! It will be sunny in Paris tomorrow afternoon, around 23 degrees with a light breeze.',
    };
  if (i % 5 === 3)
    return {
      t,
      type: 'metrics_collected',
      metrics: {
        type: 'llm',
        speechId: `speech_${i}`,
        requestId: `llm_${i}`,
        timestamp: t,
        ttftMs: 312.5,
        durationMs: 1204.2,
        cancelled: false,
        completionTokens: 48,
        promptTokens: 1532,
        promptCachedTokens: 1024,
        totalTokens: 1580,
        tokensPerSecond: 39.9,
        label: 'openai.LLM',
      },
    };
  if (i % 10 === 4) return { t, type: 'agent_state_changed', oldState: 'listening', newState: 'thinking' };
  return {
    t,
    type: 'vad_inference',
    probability: Math.round((i * 7919) % 1000) / 1000,
    speechDurationMs: (i % 37) * 32,
    silenceDurationMs: (i % 23) * 32,
    speaking: i % 3 === 0,
  };
}

function generate(count) {
  const id = `20260102-030405-bench_${count}`;
  const folder = path.join(tmp, id);
  mkdirSync(folder);
  const fd = openSync(path.join(folder, 'events.jsonl'), 'w');
  const idx = [];
  const stats = emptyStats();
  let offset = 0;
  let batch = [];
  for (let i = 0; i < count; i++) {
    const ev = eventAt(i, i * 20);
    const line = `${JSON.stringify(ev)}\n`;
    if (i % 1000 === 0) idx.push(`${JSON.stringify([i, offset, ev.t, { ...stats }])}\n`);
    countEvent(stats, ev);
    offset += Buffer.byteLength(line);
    batch.push(line);
    if (batch.length === 5000) {
      writeSync(fd, batch.join(''));
      batch = [];
    }
  }
  writeSync(fd, batch.join(''));
  closeSync(fd);
  writeFileSync(path.join(folder, 'events.idx'), idx.join(''));
  const manifest = {
    format: 'voice-agent-studio.recording',
    version: 2,
    appVersion: 'bench',
    id,
    sessionId: `bench_${count}`,
    startedAt: '2026-01-02T03:04:05.000Z',
    startedAtT: 0,
    endedAt: '2026-01-02T04:04:05.000Z',
    endReason: 'stopped',
    durationMs: (count - 1) * 20,
    inputKind: 'demo',
    agents: ['Bench'],
    providers: [],
    config: {},
    audio: { user: null, agent: null },
    stats,
    source: null,
    title: 'Bench',
  };
  writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
  return { id, bytes: offset };
}

const results = [];
try {
  for (const requested of opts.sizes) {
    const fs = statfsSync(tmp);
    const freeBytes = fs.bavail * fs.bsize;
    let count = requested;
    const need = requested * 220 * 1.5;
    if (need > freeBytes) {
      count = Math.max(1000, Math.floor(freeBytes / 1.5 / 220 / 1000) * 1000);
      notes.push(
        `${requested} events need ~${Math.round(need / 1e6)} MB, ${Math.round(freeBytes / 1e6)} MB free in ${tmp}: measured ${count} events instead`,
      );
    }
    const g0 = performance.now();
    const { id, bytes } = generate(count);
    const genMs = performance.now() - g0;
    const r = spawnSync(process.execPath, [SELF, '--measure', tmp, id], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`recordings-bench: measuring ${count} events failed:\n${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').at(-1));
    results.push({ requested, events: count, fileMB: bytes / 1e6, generateMs: genMs, ...m });
    console.error(
      `recordings-bench: ${count} events (${(bytes / 1e6).toFixed(0)} MB): open ${m.openMs.toFixed(0)} ms, first page ${m.firstPageMs.toFixed(1)} ms, max stall ${m.maxStallMs.toFixed(1)} ms, heap peak ${m.heapPeakMB.toFixed(0)} MB, rss peak ${m.rssPeakMB.toFixed(0)} MB`,
    );
    rmSync(path.join(tmp, id), { recursive: true });
  }
} finally {
  if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
}
const out = { date: new Date().toISOString(), node: process.version, notes, results };
if (opts.out) {
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(out, null, 2));
} else console.log(JSON.stringify(out, null, 2));
