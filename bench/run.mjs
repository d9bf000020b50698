#!/usr/bin/env node
// `npm run bench`: our engine and agents-js 1.9.0 on the shared voice-engine workload in the same
// run (alternating, bench/engine-bench.mjs), with the issue-13 targets, plus our Silero VAD against
// agents' native default VAD in the same run (bench/vad-native.mjs) and the text streams (a 1 MB
// reply through the sentence and word streams).
//
//   npm run bench                       # 3 alternating rounds per scenario, VAD 5 alternating rounds
//   npm run bench -- --quick            # smoke: 1 round, 1/10 of the turns, VAD 2 short rounds (~1.5 min)
//   npm run bench -- --vad-runs 9       # alternating ours/native VAD rounds (default 5, --quick 2)
//   npm run bench -- --rounds 5 --scenarios text_turn,stt_turn --skip-vad
//   npm run bench -- --cpu-prof         # also profile one untimed run per engine and scenario
//   npm run bench -- --ui               # also run scripts/bench-ui-timeline.ts (needs `npm run build`)
//   npm run bench -- --skip-engine | --skip-vad | --skip-text | --skip-recordings | --skip-studio
//   npm run bench -- --skip-runner     # no hour-long scenario re-run (bench/runner-bench.mjs)
//
// The driver is the engine-neutral peer driver, kept unchanged in bench/peer/bench.mjs with its
// workload; adapters: bench/adapters/studio-engine.mjs (ours) and bench/agents-js/adapter.mjs
// (agents-js, whose packages are bench-only devDependencies pinned in bench/agents-js/package.json).
// Results: bench-results/ (git-ignored). Not part of `npm test` or CI: timings belong here, never
// in unit tests. Sections are scripts that write JSON; add one as a block below `main`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentsJsInstallProblem, vadNativeInstallProblem } from './agents-js/install-check.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'bench-results');
const SHARED = path.resolve(process.env.BENCH_SHARED_DIR || path.join(ROOT, 'bench', 'peer'));

const args = {
  quick: false,
  rounds: undefined,
  cpuProf: false,
  scenarios: undefined,
  vad: true,
  engine: true,
  text: true,
  recordings: true,
  studio: true,
  runner: true,
  ui: false,
  vadRuns: undefined,
};
const argv = process.argv.slice(2);
// The usage is this file's header up to the blank comment line after the command examples, so
// a section that adds a flag line there shows up in it.
const usage = () => {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .slice(1);
  const examples = lines.findIndex((l) => l.startsWith('//   npm run bench'));
  const end = lines.findIndex((l, i) => i > examples && l.trim() === '//');
  return lines
    .slice(0, end)
    .map((l) => l.replace(/^\/\/ ?/, ''))
    .join('\n');
};
const refuse = (msg) => {
  console.error(`bench: ${msg}\n\n${usage()}`);
  process.exit(2);
};
const count = (k, v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) refuse(`${k} needs a whole number >= 1, got ${v ?? 'nothing'}`);
  return n;
};
for (let i = 0; i < argv.length; i++) {
  const k = argv[i];
  if (k === '--quick') args.quick = true;
  else if (k === '--rounds' || k === '--runs') args.rounds = count(k, argv[++i]);
  else if (k === '--vad-runs') args.vadRuns = count(k, argv[++i]);
  else if (k === '--scenarios') args.scenarios = argv[++i] ?? refuse('--scenarios needs a list');
  else if (k === '--cpu-prof') args.cpuProf = true;
  else if (k === '--skip-vad') args.vad = false;
  else if (k === '--skip-engine') args.engine = false;
  else if (k === '--skip-text') args.text = false;
  else if (k === '--skip-recordings') args.recordings = false;
  else if (k === '--skip-studio') args.studio = false;
  else if (k === '--skip-runner') args.runner = false;
  else if (k === '--ui') args.ui = true;
  else if (k === '-h' || k === '--help') {
    console.log(usage());
    process.exit(0);
  } else refuse(`unknown argument ${k}`);
}
const rounds = args.rounds ?? (args.quick ? 1 : 3);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

for (const f of ['bench.mjs', 'workload.json']) {
  if (!existsSync(path.join(SHARED, f))) {
    console.error(
      `bench: ${path.join(SHARED, f)} is missing: the peer bench driver and workload ship in bench/peer (BENCH_SHARED_DIR points elsewhere).`,
    );
    process.exit(2);
  }
}
mkdirSync(OUT_DIR, { recursive: true });

const rel = (p) => path.relative(ROOT, p);
/** Runs one section's script; `okStatus` lists the exit codes that still produced results. */
function run(cmd, cmdArgs, okStatus = [0]) {
  console.error(
    `\n$ ${[cmd, ...cmdArgs].map((a) => (a.startsWith(ROOT) || a.startsWith(SHARED) ? rel(a) || '.' : a === process.execPath ? 'node' : a)).join(' ')}`,
  );
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (!okStatus.includes(r.status))
    throw new Error(`${cmd} ${cmdArgs[0]} failed (status ${r.status}, signal ${r.signal})`);
  return r.status;
}

// ------------------------------------------------------------------ formatting
const fx = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

// ------------------------------------------------------------------ main
const summary = {
  date: new Date().toISOString(),
  quick: args.quick,
  rounds,
  loadavgAtStart: os.loadavg(),
  node: process.version,
  cpus: os.cpus().length,
  files: {},
};
const sections = [];
const invalid = [];

// Both comparisons need the bench-only agents-js side: name what is missing before anything runs.
const missing = (args.engine && agentsJsInstallProblem()) || (args.vad && vadNativeInstallProblem());
if (missing) {
  console.error(missing);
  process.exit(3);
}

if (args.engine) {
  const out = path.join(OUT_DIR, `engine-${stamp}.json`);
  const a = [path.join(ROOT, 'bench', 'engine-bench.mjs'), '--rounds', String(rounds), '--out', out];
  if (args.quick) a.push('--quick');
  if (args.scenarios) a.push('--scenarios', args.scenarios);
  if (args.cpuProf) a.push('--cpu-prof', path.join(OUT_DIR, `cpu-prof-${stamp}`));
  run(process.execPath, a, [0, 4]); // 4: ran, but a sanity check failed (reported as INVALID)
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary.files.engine = rel(out);
  summary.engineTargets = r.targets;
  if (Object.values(r.scenarios).some((x) => !x.valid)) invalid.push('engine');
  sections.push(`## Turn pipeline, interruption, memory: ours vs agents-js, same run\n\n${r.md}`);
}

// Issue 13.3: our Silero VAD and agents' native default VAD (@livekit/local-inference via agents
// 1.9.0 inference.VAD) in one process, alternating, so the load hits both alike. Unpinned: the
// native VAD runs its own threads, and process CPU time (both sides) includes them.
if (args.vad) {
  const out = path.join(OUT_DIR, `vad-native-${stamp}.json`);
  const a = [path.join(ROOT, 'bench', 'vad-native.mjs'), ...(args.quick ? ['--quick'] : [])];
  if (args.vadRuns) a.push('--rounds', String(args.vadRuns));
  run(process.execPath, [...a, '--out', out]);
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary.files.vad = rel(out);
  summary.vad = {
    rounds: r.args.rounds,
    loadavg1m: [r.machine.loadavg1mStart, r.machine.loadavg1mEnd],
    targets: Object.fromEntries(
      r.rows.map((x) => [
        x.key,
        {
          oursMs: x.oursMs,
          nativeMs: x.nativeMs,
          ratio: x.ratio,
          cpuRatio: x.cpuRatio,
          perRound: x.perRound,
          max: x.target,
          status: x.pass ? 'PASS' : 'MISS',
        },
      ]),
    ),
  };
  const short = { model: 'model call', stream16k: '16 kHz stream', stream48k: '48 kHz stream' };
  const verdicts = r.rows
    .map((x) => `${short[x.key] ?? x.key} ${x.pass ? 'PASS' : 'MISS'} (${fx(x.ratio, 2)}×)`)
    .join('; ');
  sections.push(
    `## Silero VAD: ours vs agents' native default VAD, same run (bench/vad-native.mjs)\n\n` +
      `**Targets (issue 13.3): model call ≤ 1.5×, full stream ≤ 1.0× native at 16 and 48 kHz: ${verdicts}.** Model call: one 32 ms window (ours SileroModel.infer, native local-inference predict; the network runs at 16 kHz for both input rates). Stream: ${r.args.seconds} s of audio pushed at once, wall time to the last inference_done ÷ windows.${args.quick ? `\n\nQUICK: ${r.args.rounds} rounds, ${r.args.windows} model calls and ${r.args.seconds} s of audio per block.` : ''}\n\n` +
      `${r.md}\n\n` +
      `History, not a target: our per-window cost against agents-js plugin-silero's committed baseline files (bench/peer/baseline, measured on another day and machine) is \`taskset -c 0 node bench/vad-bench.mjs\`; docs/bench/RESULTS.md keeps the last such table.`,
  );
}

if (args.text) {
  const out = path.join(OUT_DIR, `text-${stamp}.json`);
  run(process.execPath, [
    path.join(ROOT, 'bench', 'text-bench.mjs'),
    '--runs',
    String(args.quick ? 1 : 3),
    '--out',
    out,
  ]);
  const t = JSON.parse(readFileSync(out, 'utf8'));
  summary.files.text = rel(out);
  summary.text = Object.fromEntries(
    t.results.map((r) => [`${r.stream} / ${r.text} / ${r.chunking}`, r.msPerMb]),
  );
  const rows = t.results.map((r) => [r.stream, r.text, r.chunking, fx(r.msPerMb, 0), String(r.tokens)]);
  // Issue 13.4: a 1 MB reply through BOTH streams costs <= 200 ms, for every text and chunking.
  const both = {};
  for (const r of t.results)
    both[`${r.text} / ${r.chunking}`] = (both[`${r.text} / ${r.chunking}`] ?? 0) + r.msPerMb;
  const [worstCase, worstMs] = Object.entries(both).sort((x, y) => y[1] - x[1])[0];
  summary.textTarget = {
    worstCase,
    msPerMbBothStreams: worstMs,
    maxMs: 200,
    status: worstMs <= 200 ? 'PASS' : 'MISS',
  };
  sections.push(
    `## Text streams: a ${t.bytes / 1e6} MB reply (bench/text-bench.mjs)\n\n` +
      `Sentence stream (BasicSentenceTokenizer) and word stream (the transcript synchronizer's), from the first push until the last token is read; median of ${t.runs} run(s). That the cost is linear is tested by counting characters scanned (src/main/engine/tokenize/token-stream-cost.test.ts).\n\n` +
      `**Target (issue 13.4): a 1 MB reply through the sentence and the word stream together ≤ 200 ms: ${summary.textTarget.status}** — worst case ${worstCase}: ${fx(worstMs, 0)} ms for both streams per MB.\n\n` +
      table(['stream', 'text', 'pushed as', 'ms per MB', 'tokens'], rows),
  );
}

if (args.recordings) {
  const out = path.join(OUT_DIR, `recordings-${stamp}.json`);
  // --quick: 100k and 250k events (the 1M file takes ~200 MB and ~5 s more).
  const sizes = args.quick ? '100000,250000' : '100000,1000000';
  run(process.execPath, [path.join(ROOT, 'bench', 'recordings-bench.mjs'), '--sizes', sizes, '--out', out]);
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary.files.recordings = rel(out);
  summary.recordings = Object.fromEntries(r.results.map((x) => [x.events, x]));
  const ok = (b) => (b ? 'yes' : '**NO**');
  const rows = r.results.map((x) => [
    x.events.toLocaleString('en-US'),
    fx(x.fileMB, 0),
    fx(x.openMs, 0),
    fx(x.firstPageMs, 1),
    fx(x.firstViewMs, 0),
    fx(x.heapPeakMB - x.heapBaseMB, 1),
    fx(x.rssPeakMB - x.rssBaseMB, 1),
    fx(x.maxStallMs, 1),
    x.events <= 100_000 ? `first view < 2 s: ${ok(x.firstViewMs < 2000)}` : '',
    // "Without holding its events" is the large recording's target (issue 9.5): a 100k file's
    // page and index are a larger share of it, so its heap is shown, not judged.
    x.events <= 100_000
      ? `stall <= 100 ms: ${ok(x.maxStallMs <= 100)}`
      : `stall <= 100 ms: ${ok(x.maxStallMs <= 100)}; heap growth < 1/4 file: ${ok(x.heapPeakMB - x.heapBaseMB < x.fileMB / 4)}`,
  ]);
  sections.push(
    `## Large recordings (bench/recordings-bench.mjs)\n\n` +
      `openRecording of a version 2 folder (one pass over events.jsonl in 1 MB chunks, yielding between them), then the first page of 2,000 events, in a fresh process per size. Heap/RSS: peak growth during open over the process baseline. Stall: the longest event-loop delay during open (monitorEventLoopDelay and a 5 ms interval probe, the larger). Targets (issue 9.5): 100k first view < 2 s; 1M opens without holding its events, no stall > 100 ms.${r.notes.length ? `\n\nNote: ${r.notes.join('; ')}` : ''}${args.quick ? '\n\nQUICK: 250,000 events instead of 1,000,000.' : ''}\n\n` +
      table(
        [
          'events',
          'file MB',
          'open ms',
          'first page ms',
          'first view ms',
          'heap growth MB',
          'RSS growth MB',
          'max stall ms',
          'view target',
          'memory / stall targets',
        ],
        rows,
      ),
  );
}

if (args.studio) {
  const out = path.join(OUT_DIR, `studio-replay-${stamp}.json`);
  // --quick: 100k only (the 1M recording takes ~130 MB and about a minute more).
  const sizes = args.quick ? '100000' : '100000,1000000';
  run(process.execPath, [
    path.join(ROOT, 'bench', 'studio-replay-bench.mjs'),
    '--sizes',
    sizes,
    '--out',
    out,
  ]);
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary.files.studioReplay = rel(out);
  const head = `## Large recordings in the studio (bench/studio-replay-bench.mjs)\n\n`;
  if (r.skipped) {
    summary.studioReplay = { skipped: r.skipped };
    sections.push(`${head}SKIPPED: ${r.skipped}.`);
  } else {
    summary.studioReplay = Object.fromEntries(r.results.map((x) => [x.events, x]));
    const ok = (b) => (b ? 'yes' : '**NO**');
    const rows = r.results.map((x) => [
      x.events.toLocaleString('en-US'),
      fx(x.fileMB, 0),
      fx(x.firstViewMs, 0),
      `${fx(x.allLoadedMs, 0)} (${x.loadedEvents.toLocaleString('en-US')})`,
      fx(x.maxPingOpenMs, 0),
      fx(x.maxPingLoadMs, 0),
      fx(x.rssPeakMB - x.rssBaseMB, 0),
      x.events <= 100_000
        ? `first view < 2 s: ${ok(x.firstViewMs < 2000)}`
        : `longest ping <= 100 ms: ${ok(x.maxPingLoadMs <= 100)}; RSS growth < 1/4 file: ${ok(x.rssPeakMB - x.rssBaseMB < x.fileMB / 4)}`,
    ]);
    sections.push(
      head +
        `The web-mode studio in Chromium opens a generated recording (the e2e demo session tiled, fresh ids) from the Recordings panel. From the click: first view = the replay transport has events and the timeline canvas drew them with the playhead; all loaded = every event the replay holds (at most 300,000) is in the feed. Main's stall as a client sees it: the longest round trip of back-to-back \`ping\` commands on a second WebSocket, until the first view and until all loaded. RSS: the server's VmRSS, peak growth over the value at the click (sampled every 20 ms). A fresh server and browser per size, first open after start (cold). Targets (issue 9.5): 100k first view < 2 s; 1M opens without holding its events, main never blocked > 100 ms.${r.notes.length ? `\n\nNote: ${r.notes.join('; ')}` : ''}${args.quick ? '\n\nQUICK: 100,000 events only.' : ''}\n\n` +
        table(
          [
            'events',
            'file MB',
            'first view ms',
            'all loaded ms (events)',
            'longest ping opening ms',
            'longest ping loading ms',
            'RSS growth MB',
            'target',
          ],
          rows,
        ),
    );
  }
}

if (args.runner) {
  const out = path.join(OUT_DIR, `runner-${stamp}.json`);
  // --quick: 10 minutes, one run (the hour takes ~15 s of CPU per run).
  const runnerArgs = args.quick ? ['--minutes', '10', '--runs', '1'] : ['--minutes', '60', '--runs', '3'];
  run(process.execPath, [path.join(ROOT, 'bench', 'runner-bench.mjs'), ...runnerArgs, '--out', out]);
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary.files.runner = rel(out);
  summary.runner = r;
  sections.push(
    `## Scenario runner speed (bench/runner-bench.mjs)\n\n` +
      `${r.workload}. Timed: the re-run on the virtual clock with the replayed providers, writing its recording (rerunVirtual, as \`rerun\` does); median of ${r.runs.length} run(s); load average (1 min) ${r.machine.loadavg.map((x) => x.toFixed(1)).join(' / ')} on ${r.machine.cpus} cores.\n\n` +
      `**Target (issue 13.5): a recorded hour re-runs in ≤ 5 s: ${r.status}** — ${fx(r.medianWallMs / 1000, 1)} s wall, ${fx(r.medianVirtualSPerWallS, 0)} virtual s per wall s.\n\n` +
      table(
        ['run', 'virtual s', 'events', 'wall ms', 'CPU ms', 'virtual s / wall s', 'load (1 min)'],
        r.runs.map((x) => [
          x.run,
          fx(x.virtualS, 0),
          x.events,
          fx(x.wallMs, 0),
          fx(x.cpuMs, 0),
          fx(x.virtualSPerWallS, 0),
          fx(x.loadavg1, 1),
        ]),
      ),
  );
}

if (args.ui) {
  run('npx', ['tsx', path.join(ROOT, 'scripts', 'bench-ui-timeline.ts')]);
}
const uiFile = path.join(OUT_DIR, 'ui-timeline.json');
if (existsSync(uiFile)) {
  const ui = JSON.parse(readFileSync(uiFile, 'utf8'));
  const s = (x) => (x ? `median ${fx(x.median, 1)}, p95 ${fx(x.p95, 1)}, max ${fx(x.max, 1)}` : 'n/a');
  const live = Array.isArray(ui.live) ? ui.live : [];
  sections.push(
    `## UI timeline smoothness (scripts/bench-ui-timeline.ts, ${args.ui ? 'run now' : `last run ${ui.at}; \`--ui\` reruns it`})\n\n` +
      `Main's \`events\` pushes (the JSON text main sends, one per 50 ms batch) handed to the studio's own WebSocket in headless Chromium, so the ws client, the store's feed and the live timeline run as they do live; frame intervals from requestAnimationFrame. ${ui.browser ?? ''}.\n\n` +
      `**Target (issue 13.6): ≥ ${ui.target?.eventsPerSecond ?? 5000} events/s into the store with frame interval p95 ≤ ${ui.target?.frameIntervalP95Ms ?? 20} ms: ${live.find((x) => x.targetEventsPerSecond === 5000)?.status ?? 'not measured'}**\n\n` +
      table(
        [
          'pushed events/s',
          'sustained events/s',
          'all in store',
          'frame ms',
          'paint ms',
          'long tasks',
          'load (1 min)',
          'status',
        ],
        live.map((x) => [
          x.targetEventsPerSecond,
          x.eventsPerSecond,
          x.keptUp ? 'yes' : '**NO**',
          s(x.frameIntervalMs),
          s(x.paintMs),
          x.longTasks?.count,
          fx(x.loadAverage1m, 1),
          x.status,
        ]),
      ) +
      `\n\nFull numbers: bench-results/ui-timeline.json.`,
  );
}

const md = `# Bench ${summary.date}${args.quick ? ' (QUICK)' : ''}\n\n${sections.join('\n\n')}\n`;
const mdFile = path.join(OUT_DIR, `summary-${stamp}.md`);
writeFileSync(mdFile, md);
writeFileSync(path.join(OUT_DIR, 'summary-latest.md'), md);
writeFileSync(path.join(OUT_DIR, `summary-${stamp}.json`), JSON.stringify(summary, null, 2));
console.log(`\n${md}`);
console.log(`wrote ${rel(mdFile)} (also summary-latest.md) and summary-${stamp}.json`);
if (invalid.length) {
  console.error(`bench: INVALID runs in ${invalid.join(', ')} (see the section): not timed.`);
  process.exitCode = 4;
}
