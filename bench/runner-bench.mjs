/**
 * Scenario runner speed (issue 13.5): a recorded hour of conversation re-run on simulated
 * providers. Why: regression sets re-run many long recordings, so a re-run must take seconds.
 *
 * Workload, generated deterministically here: the embedded demo conversation
 * (resources/demo/demo.scenario.json, greeting + four turns with a tool call, a barge-in and a
 * false interruption) looped every 45 s in ONE session until the script covers an hour, run once
 * on the virtual clock and recorded as a v2 recording (untimed). The timed part is exactly the
 * CLI's `rerun` of that recording (rerunVirtual: read the events, rebuild the scenario, run it on
 * the virtual clock with the replayed LLM/STT/TTS/VAD, write the new recording). Reported: wall
 * ms, virtual seconds of the re-run (its last event's t) and virtual s per wall s; target: the
 * re-run of the hour takes ≤ 5 s.
 *
 *   node bench/runner-bench.mjs [--minutes 60] [--runs 3] [--out FILE]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const { createMemoryLogger } = await tsImport('../src/main/log.ts', import.meta.url);
const { createRecordingWriter } = await tsImport('../src/main/recording/index.ts', import.meta.url);
const { openRecordingPath, rerunVirtual, runScenarioRecorded } = await tsImport(
  '../src/main/replay/index.ts',
  import.meta.url,
);
const { loopedScenario } = await tsImport('../src/main/simulation/looped-scenario.ts', import.meta.url);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = join(ROOT, 'resources', 'demo', 'demo.scenario.json');
const LOOP_MS = 45_000;
const TARGET_WALL_MS = 5_000;

const opts = { minutes: 60, runs: 3, out: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const k = argv[i];
  const num = () => {
    const n = Number(argv[++i]);
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`runner-bench: ${k} needs a positive number, got ${argv[i]}`);
    return n;
  };
  if (k === '--minutes') opts.minutes = num();
  else if (k === '--runs') opts.runs = Math.round(num());
  else if (k === '--out') opts.out = argv[++i];
  else throw new Error(`runner-bench: unknown argument ${k} (use --minutes N, --runs N, --out FILE)`);
}

/** The demo with everything after its greeting repeated until the script spans `minutes`. */
async function hourOfDemo(minutes) {
  const raw = JSON.parse(await readFile(DEMO, 'utf8'));
  const loops = Math.ceil((minutes * 60_000) / LOOP_MS);
  return loopedScenario(raw, { loops, loopMs: LOOP_MS, file: 'runner-bench.scenario.json' });
}

const common = {
  appVersion: 'bench',
  redact: (s) => s,
  logger: createMemoryLogger(),
  createWriter: createRecordingWriter,
};

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'runner-bench-'));
  try {
    const scenario = await hourOfDemo(opts.minutes);
    const limits = { maxVirtualMs: 4 * 60 * 60_000, wallBudgetMs: 10 * 60_000 };
    const t0 = performance.now();
    const recorded = await runScenarioRecorded({ ...common, scenario, recordingsDir: dir, limits });
    const recordMs = performance.now() - t0;
    if (!recorded.path || recorded.problems.length > 0 || recorded.outcome.runFailures.length > 0)
      throw new Error(
        `runner-bench: recording the workload failed: ${JSON.stringify([...recorded.problems, ...recorded.outcome.runFailures])}`,
      );
    const sourceEvents = recorded.outcome.record.events.length;
    const results = [];
    for (let r = 0; r < opts.runs; r++) {
      const source = await openRecordingPath(recorded.path);
      const load0 = loadavg()[0];
      const cpu0 = process.cpuUsage();
      const w0 = performance.now();
      // The scenario wall budget (a minute) is a runaway guard; on a loaded machine an hour can take longer.
      const result = await rerunVirtual({
        ...common,
        source,
        recordingsDir: dir,
        limits: { wallBudgetMs: 10 * 60_000 },
      });
      const wallMs = performance.now() - w0;
      const cpu = process.cpuUsage(cpu0);
      if (result.failures.length > 0)
        throw new Error(`runner-bench: the re-run failed: ${result.failures.join('; ')}`);
      const virtualS = (result.events.at(-1)?.t ?? 0) / 1000 - (result.events[0]?.t ?? 0) / 1000;
      results.push({
        run: r + 1,
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        virtualS,
        events: result.events.length,
        virtualSPerWallS: virtualS / (wallMs / 1000),
        loadavg1: load0,
      });
      console.error(
        `runner-bench: run ${r + 1}: ${virtualS.toFixed(0)} virtual s, ${result.events.length} events in ${wallMs.toFixed(0)} ms wall (${(virtualS / (wallMs / 1000)).toFixed(0)} virtual s / wall s)`,
      );
    }
    const walls = results.map((x) => x.wallMs).sort((a, b) => a - b);
    const medianWallMs = walls[Math.ceil(walls.length / 2) - 1];
    const best = results.find((x) => x.wallMs === medianWallMs);
    const summary = {
      at: new Date().toISOString(),
      workload: `demo conversation looped every ${LOOP_MS / 1000} s for ${opts.minutes} min, recorded (${sourceEvents} events), then re-run (rerunVirtual)`,
      recordMs,
      runs: results,
      medianWallMs,
      medianVirtualSPerWallS: best.virtualSPerWallS,
      targetWallMs: TARGET_WALL_MS,
      status:
        opts.minutes >= 60
          ? medianWallMs <= TARGET_WALL_MS
            ? 'PASS'
            : 'MISS'
          : 'n/a (shorter than an hour)',
      machine: { cpus: cpus().length, loadavg: loadavg() },
    };
    if (opts.out) await writeFile(opts.out, JSON.stringify(summary, null, 2));
    console.log(
      JSON.stringify({
        medianWallMs,
        cpuMs: results.map((x) => Math.round(x.cpuMs)),
        virtualSPerWallS: best.virtualSPerWallS,
        status: summary.status,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
