/**
 * `export REC --scenario FILE`: the recording as a scenario file, written and then run once on
 * the virtual clock, so the caller learns at once whether the file passes — an export that does
 * not reproduce its recording says so (with the failed checks) instead of leaving a red test for
 * later. The file holds transcripts: it is written 0600.
 *
 * The times a live recording pins cannot all be hit to the millisecond (a real clock has jitter
 * no script reproduces): the check run measures the residual — the smallest tolerance at which
 * every pinned time matches — and the file gets the default tolerance, or that residual rounded
 * up when it is larger. The residual and the tolerance chosen are returned (the CLI prints them),
 * never loosened silently.
 */
import { writeFile } from 'node:fs/promises';
import type { OpenedRecording } from '../recording/api';
import { checkExpectations, type RunRecord } from '../simulation/expectations';
import { executeScenario } from '../simulation/scenario-runner';
import type { Scenario } from '../simulation/scenario-loader';
import { recordedConfig } from './config-edit';
import { buildScenario } from './scenario-export';
import { readAllEvents } from './source';

/** The scenario format's default `toleranceMs`. */
export const DEFAULT_TOLERANCE_MS = 250;
/** Residuals are searched up to this; a run that misses by more is not a matter of timing. */
const MAX_RESIDUAL_MS = 60_000;

export interface ScenarioExportResult {
  file: string;
  name: string;
  notes: string[];
  /** Failed checks of the verification run; empty when the exported file passes. */
  failures: string[];
  /**
   * The smallest tolerance at which the run's times match every pinned time, ms; null without
   * pinned times, or when the run differs by more than timing.
   */
  residualMs: number | null;
  /** The file's `toleranceMs`. */
  toleranceMs: number;
}

/** Smallest whole tolerance (ms) at which `record` meets `expect`; null if none up to the cap does. */
export function timingResidual(expect: Scenario['expect'], record: RunRecord): number | null {
  const passes = (tol: number): boolean => checkExpectations(expect, record, tol).length === 0;
  if (!passes(MAX_RESIDUAL_MS)) return null;
  let lo = 0;
  let hi = MAX_RESIDUAL_MS;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (passes(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export async function exportScenarioFile(
  rec: OpenedRecording,
  file: string,
  opts: { pinTimes?: boolean; name?: string } = {},
): Promise<ScenarioExportResult> {
  const config = recordedConfig(rec.manifest.config, rec.id);
  const events = await readAllEvents(rec);
  const name = opts.name ?? `recording ${rec.id}`;
  const pinTimes = opts.pinTimes ?? true;
  const build = (toleranceMs: number) =>
    buildScenario(events, config, {
      name,
      description: `Exported from recording ${rec.id} (${rec.manifest.title || 'untitled'}, started ${rec.manifest.startedAt}).`,
      expect: true,
      pinTimes,
      toleranceMs,
    });
  let built = build(DEFAULT_TOLERANCE_MS);
  // The check run: the virtual clock makes it the same run every time, so its residual is the file's.
  const run = await executeScenario({ ...built.scenario, file });
  const residualMs = pinTimes ? timingResidual(built.scenario.expect, run.record) : null;
  const toleranceMs =
    residualMs !== null && residualMs > DEFAULT_TOLERANCE_MS
      ? Math.ceil(residualMs / 10) * 10
      : DEFAULT_TOLERANCE_MS;
  if (toleranceMs !== DEFAULT_TOLERANCE_MS) built = build(toleranceMs);
  await writeFile(file, `${JSON.stringify(built.json, null, 2)}\n`, { mode: 0o600 });
  const failures = run.runFailures.some((f) => f.check === 'budget')
    ? run.runFailures
    : [...run.runFailures, ...checkExpectations(built.scenario.expect, run.record, toleranceMs)];
  return {
    file,
    name,
    notes: built.notes,
    failures: failures.map((f) => f.message),
    residualMs,
    toleranceMs,
  };
}
