#!/usr/bin/env node
// `npm test`: every check the project has, each step's output shown, then one summary per test
// runner and a closing `N passed, N failed, N skipped` line. Every step runs even when an earlier
// one failed, so one run shows everything that is wrong; the exit status is non-zero if any failed.
//
// Three lanes run side by side (the machine this targets has 2 cores):
// - the build, then the e2e suite, with their output live. It holds the live sessions, whose
//   checks wait on the real clock;
// - the static checks (typecheck, eslint, prettier: single-threaded and independent, so side by
//   side), then the scenarios;
// - the unit tests (vitest, a worker per core).
// The last two run at a lower CPU priority (nice 10): they have no clock to keep, the live
// sessions of the e2e suite do. Their output is shown, in order, once every lane has finished.
// The whole run is CPU-bound on 2 cores (measured per process from /proc: e2e ~190 CPU-s, unit
// ~85, eslint ~70, typecheck ~30, prettier ~20), so its wall time is about the total CPU over two.
// Each step's seconds are its own wall time in its lane; the last line gives the whole run's.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const results = 'test-results';
rmSync(`${results}/vitest.json`, { force: true });
rmSync(`${results}/scenarios.json`, { force: true });
rmSync(`${results}/e2e.json`, { force: true });
mkdirSync(results, { recursive: true });

const only = process.argv.slice(2);
const steps = [
  { name: 'typecheck', lane: 'checks', cmd: 'npm run -s typecheck', parallel: true },
  { name: 'lint', lane: 'checks', cmd: 'npx eslint . --max-warnings 0', parallel: true },
  { name: 'format', lane: 'checks', cmd: 'npx prettier --check . --log-level warn', parallel: true },
  {
    name: 'unit',
    lane: 'unit',
    cmd: `npx vitest run --reporter=default --reporter=json --outputFile.json=${results}/vitest.json`,
    summary: () => vitestSummary(`${results}/vitest.json`),
  },
  {
    name: 'scenarios',
    lane: 'checks',
    cmd: `npx tsx src/cli/scenarios.ts tests/scenarios resources/demo --json ${results}/scenarios.json --junit ${results}/scenarios.junit.xml`,
    summary: () => scenarioSummary(`${results}/scenarios.json`),
  },
  { name: 'build', lane: 'e2e', cmd: 'npm run -s build' },
  {
    name: 'e2e',
    lane: 'e2e',
    cmd: 'npx playwright test',
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/e2e.json` },
    summary: () => playwrightSummary(`${results}/e2e.json`),
  },
].filter((s) => only.length === 0 || only.includes(s.name));

// The checks and unit lanes yield the CPU to the e2e lane (POSIX `nice`; elsewhere they run as is).
const lowPriority = process.platform === 'win32' ? '' : 'nice -n 10 ';
const t0 = Date.now();
/** Step name -> { ok, seconds, output? } (output only for buffered steps). */
const done = new Map();

/** The e2e lane: one step after the other, output live. */
async function runLive(lane) {
  for (const step of lane) {
    console.log(`\n=== ${step.name}: ${step.cmd}`);
    const r = await run(step.cmd, { ...process.env, ...step.env }, 'inherit');
    done.set(step.name, r);
  }
}

/** A buffered lane at low priority: its `parallel` steps side by side, then the rest in order. */
async function runBuffered(lane) {
  const side = lane.filter((s) => s.parallel);
  const after = lane.filter((s) => !s.parallel);
  const env = (s) => ({ ...process.env, ...s.env });
  const sideResults = await Promise.all(side.map((s) => run(lowPriority + s.cmd, env(s), 'pipe')));
  side.forEach((s, i) => done.set(s.name, sideResults[i]));
  for (const step of after) done.set(step.name, await run(lowPriority + step.cmd, env(step), 'pipe'));
}

const buffered = steps.filter((s) => s.lane !== 'e2e');
await Promise.all([
  runBuffered(buffered.filter((s) => s.lane === 'checks')),
  runBuffered(buffered.filter((s) => s.lane === 'unit')),
  runLive(steps.filter((s) => s.lane === 'e2e')),
]);

for (const step of buffered) {
  console.log(`\n=== ${step.name}: ${step.cmd}`);
  process.stdout.write(done.get(step.name).output);
}

const rows = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const step of steps) {
  const { ok, seconds } = done.get(step.name);
  const s = step.summary?.();
  if (s) {
    totals.passed += s.passed;
    totals.failed += s.failed;
    totals.skipped += s.skipped;
  } else if (step.summary) {
    // A runner that produced no report has failed as a whole.
    totals.failed += 1;
  }
  rows.push({ step: step.name, ok, seconds: seconds.toFixed(1), s });
}

console.log('\n=== summary');
for (const r of rows) {
  const counts = r.s ? ` — ${r.s.passed} passed, ${r.s.failed} failed, ${r.s.skipped} skipped` : '';
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.step.padEnd(10)} ${r.seconds.padStart(6)} s${counts}`);
}
console.log(
  `     ${'all'.padEnd(10)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s (three lanes side by side)`,
);
const failedSteps = rows.filter((r) => !r.ok).map((r) => r.step);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
// The failed tests again, by name with their error's first lines: a CI log is often read from
// its end, and each runner printed them far above.
const failedTests = rows.flatMap((r) => (r.s?.failures ?? []).map((f) => ({ step: r.step, ...f })));
for (const f of failedTests.slice(0, 20)) {
  console.log(`FAILED ${f.step}: ${f.name}`);
  // The message's head, and where in the test it failed (its first stack line in a test file).
  const head = f.error.slice(0, 6);
  const at = f.error.slice(6).find((l) => /\.(spec|test)\.[cm]?[jt]sx?:\d+/.test(l) && /^\s*at /.test(l));
  for (const line of at ? [...head, at.trim()] : head) console.log(`       ${line.slice(0, 300)}`);
}
if (failedTests.length > 20) console.log(`… and ${failedTests.length - 20} more failed tests`);
// A failed step that is not a test runner (typecheck, lint, build) counts as one failure.
const stepFailures = rows.filter(
  (r) => !r.ok && !r.s && !steps.find((s) => s.name === r.step)?.summary,
).length;
console.log(`${totals.passed} passed, ${totals.failed + stepFailures} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);

/**
 * Runs a command to its end: with `stdio: 'inherit'` its output goes straight to ours, with
 * 'pipe' its stdout and stderr are kept (interleaved) and returned as `output`.
 */
function run(cmd, env, stdio) {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks = [];
    const child = spawn(cmd, {
      shell: true,
      env,
      stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c) => chunks.push(c));
    child.stderr?.on('data', (c) => chunks.push(c));
    child.on('error', (err) => chunks.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code) => {
      const output = Buffer.concat(chunks).toString();
      resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000, output });
    });
  });
}

function readJson(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function vitestSummary(file) {
  const j = readJson(file);
  if (!j) return null;
  const failures = (j.testResults ?? []).flatMap((file) => {
    const where = relative(process.cwd(), file.name ?? '');
    const tests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    // A file that failed to load or run has no failed test of its own, only its message.
    if (!tests.length && file.status === 'failed') return [{ name: where, error: errorLines(file.message) }];
    return tests.map((t) => ({
      name: `${where} > ${t.fullName}`,
      error: errorLines((t.failureMessages ?? []).join('\n')),
    }));
  });
  return {
    passed: j.numPassedTests,
    failed: j.numFailedTests,
    skipped: j.numPendingTests + (j.numTodoTests ?? 0),
    failures,
  };
}

function scenarioSummary(file) {
  const j = readJson(file);
  if (!j) return null;
  const list = Array.isArray(j) ? j : (j.results ?? j.scenarios ?? []);
  const ok = (x) => x.status === 'pass' || x.passed === true;
  const failures = list
    .filter((x) => !ok(x))
    .map((x) => ({
      name: `${x.file} > ${x.name ?? ''} (${x.status})`,
      error: [
        ...(x.failures ?? []),
        ...(x.issues ?? []).map((i) => `${i.path ?? ''} ${i.message ?? JSON.stringify(i)}`),
      ].flatMap(errorLines),
    }));
  return { passed: list.length - failures.length, failed: failures.length, skipped: 0, failures };
}

function playwrightSummary(file) {
  const j = readJson(file);
  if (!j?.stats) return null;
  const failures = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        const last = t.results?.at(-1);
        const error = errorLines((last?.errors ?? []).map((e) => e.message ?? '').join('\n'));
        const where = `${relative(process.cwd(), join(j.config?.rootDir ?? '', spec.file))}:${spec.line}`;
        failures.push({ name: `${where} > ${[...path, spec.title].join(' > ')}`, error });
      }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of j.suites ?? []) walk(suite, []);
  return {
    passed: j.stats.expected + (j.stats.flaky ?? 0),
    failed: j.stats.unexpected,
    skipped: j.stats.skipped,
    failures,
  };
}

/** An error's first non-blank lines, without terminal colours. */
function errorLines(text) {
  if (text == null) return [];
  const plain = stripVTControlCharacters(typeof text === 'string' ? text : JSON.stringify(text));
  return plain
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim());
}
