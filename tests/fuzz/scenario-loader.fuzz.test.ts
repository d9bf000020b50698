/**
 * Scenario files are user input: whatever a file holds, the loader accepts it or refuses it with
 * issues that name a path and say what is wrong — it never throws — and an accepted scenario runs
 * to a result (pass or fail) within the runner's budgets.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario, type LoadResult } from '../../src/main/simulation/scenario-loader';
import { runScenario } from '../../src/main/simulation/scenario-runner';
import { anyJson, fuzzParams, isInternalError, mutationOf, withinBudget } from './fuzz-support';

const root = join(__dirname, '..', '..');
const scenarioFiles = [
  ...readdirSync(join(root, 'tests', 'scenarios'))
    .filter((f) => f.endsWith('.scenario.json'))
    .map((f) => join(root, 'tests', 'scenarios', f)),
  join(root, 'resources', 'demo', 'demo.scenario.json'),
];
const texts = scenarioFiles.map((f) => readFileSync(f, 'utf8'));
const valid = texts.map((t) => JSON.parse(t) as unknown);

function expectClearResult(r: LoadResult): void {
  if (r.ok) {
    expect(r.scenario).toBeDefined();
    return;
  }
  expect(r.issues.length).toBeGreaterThan(0);
  for (const issue of r.issues) {
    expect(typeof issue.message).toBe('string');
    expect(issue.message.length).toBeGreaterThan(0);
    expect(typeof issue.path).toBe('string');
  }
}

function parseSafely(json: unknown): LoadResult {
  try {
    return parseScenario(json, 'fuzz.scenario.json');
  } catch (err) {
    throw new Error(`parseScenario threw instead of refusing: ${String(err)}`, { cause: err });
  }
}

describe('scenario loader under arbitrary input', () => {
  it('any JSON value: accepted or refused with issues', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (json) => {
        expectClearResult(await withinBudget('parseScenario', () => parseSafely(json)));
      }),
      fuzzParams(300),
    );
  });

  it('mutations of every valid scenario: accepted or refused with issues', async () => {
    const arb = fc.integer({ min: 0, max: valid.length - 1 }).chain((i) => mutationOf(valid[i]));
    await fc.assert(
      fc.asyncProperty(arb, async (json) => {
        expectClearResult(await withinBudget('parseScenario', () => parseSafely(json)));
      }),
      fuzzParams(400),
    );
  });

  it('raw file bytes (cut short, BOM, garbage): the file loader refuses with issues, never throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-scenarios-'));
    const arb = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: texts.length - 1 }), fc.nat())
        .map(([i, cut]) => texts[i].slice(0, cut % (texts[i].length + 1))),
      fc.integer({ min: 0, max: texts.length - 1 }).map((i) => `\uFEFF${texts[i]}`),
      fc.string({ unit: 'binary', maxLength: 400 }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (text) => {
        const file = join(dir, `f${n++}.scenario.json`);
        writeFileSync(file, text);
        let r: LoadResult;
        try {
          r = await withinBudget('loadScenarioFile', () => loadScenarioFile(file));
        } catch (err) {
          expect.fail(`loadScenarioFile threw: ${String(err)}`);
        }
        expectClearResult(r);
      }),
      fuzzParams(200),
    );
  });

  it('accepted mutations run to a verdict within the runner budgets', async () => {
    const arb = fc.integer({ min: 0, max: valid.length - 1 }).chain((i) => mutationOf(valid[i]));
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (json) => {
        const r = parseSafely(json);
        if (!r.ok) return;
        ran++;
        try {
          const outcome = await runScenario(r.scenario, { maxVirtualMs: 120_000, wallBudgetMs: 5_000 });
          for (const f of outcome.failures) expect(f.message.length).toBeGreaterThan(0);
          // a run may fail its expectations, but never with an internal error of the runner
          const internal = outcome.failures.filter((f) =>
            /TypeError|RangeError|ReferenceError/.test(f.message),
          );
          expect(internal).toEqual([]);
        } catch (err) {
          if (isInternalError(err)) throw err;
          throw new Error(`runScenario threw: ${String(err)}`, { cause: err });
        }
      }),
      fuzzParams(60),
    );
    expect(ran).toBeGreaterThan(10);
  }, 120_000);
});
