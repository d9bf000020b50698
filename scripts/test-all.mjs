#!/usr/bin/env node
// `npm test`: every check the project has, in order, each step's output shown as it runs,
// then one summary per test runner and a closing `N passed, N failed, N skipped` line.
// Every step runs even when an earlier one failed, so one run shows everything that is wrong;
// the exit status is non-zero if any step failed.
//
// The static checks (typecheck, eslint, prettier) are single-threaded and independent, so they
// run side by side (the machine this targets has 2 cores); their output is shown, in order,
// once each has finished. Everything else runs one step at a time with its output live.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
rmSync(`${results}/vitest.json`, { force: true });
rmSync(`${results}/scenarios.json`, { force: true });
rmSync(`${results}/e2e.json`, { force: true });
mkdirSync(results, { recursive: true });

const only = process.argv.slice(2);
const steps = [
  { name: 'typecheck', cmd: 'npm run -s typecheck', parallel: true },
  { name: 'lint', cmd: 'npx eslint . --max-warnings 0', parallel: true },
  { name: 'format', cmd: 'npx prettier --check . --log-level warn', parallel: true },
  {
    name: 'unit',
    cmd: `npx vitest run --reporter=default --reporter=json --outputFile.json=${results}/vitest.json`,
    summary: () => vitestSummary(`${results}/vitest.json`),
  },
  {
    name: 'scenarios',
    cmd: `npx tsx src/cli/scenarios.ts tests/scenarios resources/demo --json ${results}/scenarios.json --junit ${results}/scenarios.junit.xml`,
    summary: () => scenarioSummary(`${results}/scenarios.json`),
  },
  { name: 'build', cmd: 'npm run -s build' },
  {
    name: 'e2e',
    cmd: 'npx playwright test',
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/e2e.json` },
    summary: () => playwrightSummary(`${results}/e2e.json`),
  },
].filter((s) => only.length === 0 || only.includes(s.name));

const rows = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
const parallel = new Map(
  steps.filter((s) => s.parallel).map((s) => [s.name, runBuffered(s.cmd, { ...process.env, ...s.env })]),
);
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${step.cmd}`);
  const t0 = Date.now();
  let ok;
  let seconds;
  if (parallel.has(step.name)) {
    const r = await parallel.get(step.name);
    process.stdout.write(r.output);
    ok = r.status === 0;
    seconds = r.seconds;
  } else {
    const r = spawnSync(step.cmd, { stdio: 'inherit', shell: true, env: { ...process.env, ...step.env } });
    ok = r.status === 0;
    seconds = (Date.now() - t0) / 1000;
  }
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
const failedSteps = rows.filter((r) => !r.ok).map((r) => r.step);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
// A failed step that is not a test runner (typecheck, lint, build) counts as one failure.
const stepFailures = rows.filter(
  (r) => !r.ok && !r.s && !steps.find((s) => s.name === r.step)?.summary,
).length;
console.log(`${totals.passed} passed, ${totals.failed + stepFailures} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);

/** Runs a command with its stdout and stderr kept (interleaved) until it ends. */
function runBuffered(cmd, env) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const chunks = [];
    const child = spawn(cmd, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (err) => chunks.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code) => {
      resolve({ status: code, output: Buffer.concat(chunks).toString(), seconds: (Date.now() - t0) / 1000 });
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
  return {
    passed: j.numPassedTests,
    failed: j.numFailedTests,
    skipped: j.numPendingTests + (j.numTodoTests ?? 0),
  };
}

function scenarioSummary(file) {
  const j = readJson(file);
  if (!j) return null;
  const list = Array.isArray(j) ? j : (j.results ?? j.scenarios ?? []);
  const passed = list.filter((x) => x.status === 'pass' || x.passed === true).length;
  return { passed, failed: list.length - passed, skipped: 0 };
}

function playwrightSummary(file) {
  const j = readJson(file);
  if (!j?.stats) return null;
  return {
    passed: j.stats.expected + (j.stats.flaky ?? 0),
    failed: j.stats.unexpected,
    skipped: j.stats.skipped,
  };
}
