/**
 * `export REC --scenario FILE`: the recording as a scenario file, written and then run once on
 * the virtual clock, so the caller learns at once whether the file passes — an export that does
 * not reproduce its recording says so (with the failed checks) instead of leaving a red test for
 * later. The file holds transcripts: it is written 0600.
 */
import { writeFile } from 'node:fs/promises';
import type { OpenedRecording } from '../recording/api';
import { runScenario } from '../simulation/scenario-runner';
import { recordedConfig } from './config-edit';
import { buildScenario } from './scenario-export';
import { readAllEvents } from './source';

export interface ScenarioExportResult {
  file: string;
  name: string;
  notes: string[];
  /** Failed checks of the verification run; empty when the exported file passes. */
  failures: string[];
}

export async function exportScenarioFile(
  rec: OpenedRecording,
  file: string,
  opts: { pinTimes?: boolean; name?: string } = {},
): Promise<ScenarioExportResult> {
  const config = recordedConfig(rec.manifest.config, rec.id);
  const events = await readAllEvents(rec);
  const name = opts.name ?? `recording ${rec.id}`;
  const built = buildScenario(events, config, {
    name,
    description: `Exported from recording ${rec.id} (${rec.manifest.title || 'untitled'}, started ${rec.manifest.startedAt}).`,
    expect: true,
    pinTimes: opts.pinTimes ?? true,
  });
  await writeFile(file, `${JSON.stringify(built.json, null, 2)}\n`, { mode: 0o600 });
  const outcome = await runScenario({ ...built.scenario, file });
  return { file, name, notes: built.notes, failures: outcome.failures.map((f) => f.message) };
}
