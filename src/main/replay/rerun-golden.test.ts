/**
 * Why: the scenario runner and the virtual re-run are tuned for speed (issue 13.5), and a speed-up
 * must not change what a run does. This records the demo conversation looped three times (a
 * greeting, tool calls, barge-ins and false interruptions, 2 min 15 s), re-runs that recording,
 * and compares both full event streams — every event, every field, every virtual-clock time —
 * with goldens captured from the code before the speed work. Only run records on purpose:
 * `UPDATE_RERUN_GOLDEN=1 npx vitest run src/main/replay/rerun-golden.test.ts` rewrites them
 * (do that only for a deliberate behaviour change, and say why in the commit).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import { createMemoryLogger } from '../log';
import { createRecordingWriter } from '../recording';
import { loopedScenario, type Scenario } from '../simulation';
import { runScenarioRecorded } from './record-run';
import { rerunVirtual } from './rerun';
import { openRecordingPath } from './source';

const DEMO = join(__dirname, '..', '..', '..', 'resources', 'demo', 'demo.scenario.json');
const GOLDEN = join(__dirname, 'fixtures', 'rerun-golden');
const LOOP_MS = 45_000;
const LOOPS = 3;
const UPDATE = process.env.UPDATE_RERUN_GOLDEN === '1';

const common = {
  appVersion: 'test',
  redact: (s: string) => s,
  logger: createMemoryLogger(),
  createWriter: createRecordingWriter,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rerun-golden-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The demo with everything after its greeting repeated LOOPS times, LOOP_MS apart (as bench/runner-bench.mjs builds its hour). */
async function loopedDemo(): Promise<Scenario> {
  const raw = JSON.parse(await readFile(DEMO, 'utf8')) as { script: unknown[] };
  return loopedScenario(raw, { loops: LOOPS, loopMs: LOOP_MS, file: 'looped-demo.scenario.json' });
}

/** One event per line, exactly as JSON.stringify writes it (so a diff names the first event that differs). */
const lines = (events: readonly EngineEvent[]): string[] => events.map((e) => JSON.stringify(e));

async function compareWithGolden(name: string, events: readonly EngineEvent[]): Promise<void> {
  const file = join(GOLDEN, `${name}.events.jsonl`);
  const actual = lines(events);
  if (UPDATE) await writeFile(file, `${actual.join('\n')}\n`);
  const golden = (await readFile(file, 'utf8')).split('\n').filter((l) => l.length > 0);
  expect(actual.length, `${name}: event count`).toBe(golden.length);
  const first = actual.findIndex((l, i) => l !== golden[i]);
  expect(first === -1 ? null : { index: first, actual: actual[first], golden: golden[first] }).toBeNull();
}

it(
  'recording the looped demo and re-running it give exactly the golden event streams',
  { timeout: 120_000 },
  async () => {
    const recorded = await runScenarioRecorded({
      ...common,
      scenario: await loopedDemo(),
      recordingsDir: dir,
    });
    expect(recorded.problems).toEqual([]);
    expect(recorded.outcome.runFailures).toEqual([]);
    await compareWithGolden('source', recorded.outcome.record.events);

    const source = await openRecordingPath(recorded.path!);
    const rerun = await rerunVirtual({ ...common, source, recordingsDir: null });
    expect(rerun.failures).toEqual([]);
    await compareWithGolden('rerun', rerun.events);
    // The re-run reproduces the source's conversation: the same event kinds in the same order.
    expect(rerun.events.map((e) => e.type)).toEqual(recorded.outcome.record.events.map((e) => e.type));
  },
);
