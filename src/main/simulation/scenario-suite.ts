/**
 * Runs a set of scenario files for the CLI, CI and the studio: loads and validates everything
 * first (so an invalid file is reported even when others fail to run), then runs the valid ones
 * one after another, each on its own virtual clock. The engine is imported lazily so invalid
 * files are still reported when the engine itself cannot load.
 */
import { dirname, relative } from 'node:path';
import type { RunLimits } from './run-limits';
import { findScenarioFiles, loadScenarioFile, type Scenario, type ScenarioIssue } from './scenario-loader';

export type ScenarioStatus = 'pass' | 'fail' | 'invalid';

export interface ScenarioResult {
  name: string;
  file: string;
  status: ScenarioStatus;
  /** Failed checks, one message each (what was expected, what came, at which index). */
  failures: string[];
  /** For invalid files: JSON path and expectation of each problem. */
  issues: ScenarioIssue[];
  /** Real time the run took. */
  wallMs: number;
  /** Virtual time at which the session finished closing (script ms), when it ran. */
  virtualMs: number | null;
}

export interface SuiteResult {
  results: ScenarioResult[];
  /** Paths given that do not exist. */
  missing: string[];
}

export interface SuiteOptions {
  /** Called as soon as each scenario has a result (for streaming output). */
  onResult?(result: ScenarioResult): void;
  /** Aborted (Ctrl-C, SIGTERM): the scenario running finishes, the rest are not started. */
  signal?: AbortSignal;
  /** Budgets of each run (defaults: run-limits.ts); a run over one fails and the next runs. */
  limits?: Partial<RunLimits>;
}

/** Names must be unique within a folder: they identify scenarios in reports. */
function duplicateNameIssues(loaded: Scenario[]): Map<string, ScenarioIssue[]> {
  const byKey = new Map<string, Scenario>();
  const out = new Map<string, ScenarioIssue[]>();
  for (const s of loaded) {
    const key = `${dirname(s.file)}\u0000${s.name}`;
    const first = byKey.get(key);
    if (first) {
      out.set(s.file, [
        {
          path: '$.name',
          message: `expected a name unique in its folder; "${s.name}" is also used by ${relative(dirname(s.file), first.file)}`,
        },
      ]);
    } else byKey.set(key, s);
  }
  return out;
}

export async function runSuite(paths: readonly string[], opts: SuiteOptions = {}): Promise<SuiteResult> {
  const { files, missing } = await findScenarioFiles(paths);
  const results: ScenarioResult[] = [];
  const emit = (r: ScenarioResult): void => {
    results.push(r);
    opts.onResult?.(r);
  };
  const valid: Scenario[] = [];
  const invalid: ScenarioResult[] = [];
  for (const file of files) {
    const r = await loadScenarioFile(file);
    if (r.ok) valid.push(r.scenario);
    else
      invalid.push({
        name: relative(process.cwd(), file),
        file,
        status: 'invalid',
        failures: [],
        issues: r.issues,
        wallMs: 0,
        virtualMs: null,
      });
  }
  const dups = duplicateNameIssues(valid);
  const runnable = valid.filter((s) => {
    const issues = dups.get(s.file);
    if (issues)
      invalid.push({
        name: s.name,
        file: s.file,
        status: 'invalid',
        failures: [],
        issues,
        wallMs: 0,
        virtualMs: null,
      });
    return !issues;
  });
  for (const r of invalid) emit(r);

  let runner: typeof import('./scenario-runner') | null = null;
  let loadError: unknown = null;
  if (runnable.length > 0) {
    try {
      runner = await import('./scenario-runner');
    } catch (err) {
      loadError = err;
    }
  }
  for (const s of runnable) {
    if (opts.signal?.aborted) break;
    const t0 = performance.now();
    if (!runner) {
      emit({
        name: s.name,
        file: s.file,
        status: 'fail',
        failures: [`run: the engine could not be loaded: ${String(loadError)}`],
        issues: [],
        wallMs: 0,
        virtualMs: null,
      });
      continue;
    }
    let failures: string[];
    let virtualMs: number | null = null;
    try {
      const outcome = await runner.runScenario(s, opts.limits);
      failures = outcome.failures.map((f) => f.message);
      virtualMs = outcome.endedAtMs;
    } catch (err) {
      failures = [
        `run: the runner crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      ];
    }
    emit({
      name: s.name,
      file: s.file,
      status: failures.length === 0 ? 'pass' : 'fail',
      failures,
      issues: [],
      wallMs: performance.now() - t0,
      virtualMs,
    });
  }
  return { results, missing };
}

/** Process exit status (format §8): 2 if any file was invalid, else 1 if any failed, else 0. */
export function exitCodeFor(suite: SuiteResult): number {
  if (suite.missing.length > 0 || suite.results.some((r) => r.status === 'invalid')) return 2;
  return suite.results.some((r) => r.status === 'fail') ? 1 : 0;
}
