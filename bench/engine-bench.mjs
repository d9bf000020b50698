#!/usr/bin/env node
// Why: a ratio between two engines is only worth something when both ran on the same machine
// under the same load. This runs our engine and agents-js 1.9.0 alternately (ours, theirs, ours,
// theirs, ... for every scenario of the shared workload), each run in a fresh child process of the
// unchanged peer driver (bench/peer/bench.mjs --child, exactly as the driver spawns them), pools
// the per-turn samples per engine, checks that every run did what the workload says before timing
// it, and compares the ratios with the issue-13 targets.
//
//   node bench/engine-bench.mjs [--rounds 3] [--quick] [--scenarios text_turn,stt_turn]
//                               [--cpu-prof DIR] --out FILE
//
// --cpu-prof DIR: after the timed rounds, one more untimed run per engine and scenario under
// `node --cpu-prof` (profiles in DIR; bench/cpu-profile-summary.mjs summarizes them).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_ENV, buildStudioEngine } from './adapters/studio-engine-bundle.mjs';
import { agentsJsInstallProblem } from './agents-js/install-check.mjs';
import { aggregate, checkRun } from './engine-stats.mjs';
import { engineMarkdown, evaluateTargets } from './engine-targets.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DRIVER = path.join(HERE, 'peer', 'bench.mjs');
const WORKLOAD = path.join(HERE, 'peer', 'workload.json');
export const ENGINES = [
  { key: 'ours', adapter: path.join(HERE, 'adapters', 'studio-engine.mjs') },
  { key: 'theirs', adapter: path.join(HERE, 'agents-js', 'adapter.mjs') },
];
export const SCENARIOS = [
  'text_turn',
  'stt_turn',
  'run_text_only',
  'interrupt_api',
  'interrupt_vad',
  'memory',
];
const USAGE =
  'usage: node bench/engine-bench.mjs [--rounds N>=1] [--quick] [--scenarios a,b] [--cpu-prof DIR] --out FILE';

function parseArgs(argv) {
  const a = { rounds: undefined, quick: false, scenarios: SCENARIOS, out: undefined, cpuProf: undefined };
  const fail = (msg) => {
    console.error(`engine-bench: ${msg}\n${USAGE}`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i] ?? fail(`${k} needs a value`);
    if (k === '--rounds') a.rounds = Number(v());
    else if (k === '--quick') a.quick = true;
    else if (k === '--scenarios') a.scenarios = v().split(',').filter(Boolean);
    else if (k === '--out') a.out = v();
    else if (k === '--cpu-prof') a.cpuProf = v();
    else fail(`unknown argument ${k}`);
  }
  a.rounds ??= a.quick ? 1 : 3;
  if (!Number.isInteger(a.rounds) || a.rounds < 1) fail('--rounds must be a whole number >= 1');
  const unknown = a.scenarios.filter((s) => !SCENARIOS.includes(s));
  if (unknown.length) fail(`unknown scenario(s) ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  if (!a.out) fail('--out FILE is required');
  return a;
}

/** One child run of the driver: returns its raw result (per-turn samples) or throws. */
function childRun(engine, scenario, quick, tmp, tag, nodeFlags = []) {
  const workload = quick ? path.join(tmp, 'workload-quick.json') : WORKLOAD;
  const childOut = path.join(tmp, `${engine.key}-${scenario}-${tag}.json`);
  const args = [...nodeFlags, '--expose-gc', DRIVER, '--child', scenario, '--child-out', childOut];
  args.push('--adapter', engine.adapter, '--workload', workload);
  if (quick) args.push('--quick');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 10 * 60_000,
  });
  if (r.status !== 0)
    throw new Error(`${engine.key} ${scenario} (${tag}) failed: status ${r.status}, signal ${r.signal}`);
  process.stderr.write(` ${engine.key} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return JSON.parse(readFileSync(childOut, 'utf8'));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const missing = agentsJsInstallProblem();
  if (missing) {
    console.error(missing);
    process.exit(3);
  }
  const workload = JSON.parse(readFileSync(WORKLOAD, 'utf8'));
  const tmp = path.join(os.tmpdir(), `engine-bench-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  if (args.quick) {
    // A smoke run: the driver already cuts turns to 1/10; skip the memory scenario's 12 s idle.
    workload.scenarios.memory.idleAfterMs = 0;
    writeFileSync(path.join(tmp, 'workload-quick.json'), JSON.stringify(workload));
  }
  // Our engine as the app ships it (bundled, no keepNames): built once here, its path inherited by
  // every driver child through the env. A failed build rejects main() with esbuild's error.
  const bundleDir = path.join(HERE, '..', 'bench-results', `studio-engine-bundle-${process.pid}`);
  const load = { before: os.loadavg() };
  const raw = Object.fromEntries(args.scenarios.map((s) => [s, { ours: [], theirs: [] }]));
  const meta = {};
  try {
    process.env[BUNDLE_ENV] = await buildStudioEngine(path.join(bundleDir, 'engine.mjs'));
    for (let round = 0; round < args.rounds; round++) {
      for (const s of args.scenarios) {
        process.stderr.write(`[engine-bench] round ${round + 1}/${args.rounds} ${s}:`);
        for (const e of ENGINES) {
          const data = childRun(e, s, args.quick, tmp, `r${round}`);
          meta[e.key] ??= { engine: data.engine, version: data.engineVersion };
          raw[s][e.key].push(data);
        }
        process.stderr.write('\n');
      }
    }
    load.after = os.loadavg();
    if (args.cpuProf) {
      mkdirSync(args.cpuProf, { recursive: true });
      for (const s of args.scenarios) {
        for (const e of ENGINES) {
          process.stderr.write(`[engine-bench] --cpu-prof ${s}:`);
          const dir = path.join(args.cpuProf, `${e.key}-${s}`);
          childRun(e, s, args.quick, tmp, 'prof', ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
          process.stderr.write('\n');
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }

  const scenarios = {};
  for (const s of args.scenarios) {
    const problems = [];
    const agg = {};
    for (const e of ENGINES) {
      raw[s][e.key].forEach((run, i) =>
        problems.push(...checkRun(s, run, workload).map((p) => `${meta[e.key].engine} round ${i + 1}: ${p}`)),
      );
      agg[e.key] = aggregate(s, raw[s][e.key]);
    }
    scenarios[s] = { valid: problems.length === 0, problems, ...agg };
  }
  const cpus = os.cpus();
  const result = {
    date: new Date().toISOString(),
    quick: args.quick,
    rounds: args.rounds,
    order: 'for each round and scenario: ours, then agents-js (ABAB...)',
    node: process.version,
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model?.trim(), loadavg: load },
    engines: meta,
    scenarios,
    cpuProfDir: args.cpuProf,
  };
  result.targets = evaluateTargets(result);
  result.md = engineMarkdown(result);
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify(result, null, 2));
  console.log(result.md);
  // 4 = it ran, but a sanity check failed: the numbers of that scenario are not reported.
  if (Object.values(scenarios).some((x) => !x.valid)) process.exitCode = 4;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
