/**
 * Re-run and diff in the studio (issue 9, points 6, 7 and 10), in web mode: the demo is recorded
 * by a real session, found in the recordings browser and opened; with minEndpointingDelayMs
 * raised in the config editor, "Re-run with current config" plays the recorded caller again and
 * the diff shows both runs' lanes (A above B) and the later end of turn in the turn table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '../fixtures/test';
import { startStudioWeb, STUDIO_FIXTURE_TIMEOUT_MS, type RunningStudio } from '../fixtures/studio-server';
import { ConfigPage, invokeStudio, restoreStudio } from '../pages/config-page';
import { DiffPage } from '../pages/diff-page';
import { RecordingsPage } from '../pages/recordings-page';

const RAISE_MS = 1500;

const test = base.extend<{ recordings: RecordingsPage; diff: DiffPage }, { studio: RunningStudio }>({
  studio: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-diff-'));
      const studio = await startStudioWeb({ env: { STUDIO_RECORDINGS_DIR: dir } });
      await use(studio);
      await studio.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: STUDIO_FIXTURE_TIMEOUT_MS },
  ],
  recordings: async ({ studioPage }, use) => {
    await use(new RecordingsPage(studioPage));
  },
  diff: async ({ studioPage }, use) => {
    await use(new DiffPage(studioPage));
  },
});

test.afterEach(async ({ studio }) => {
  await restoreStudio(studio);
});

test('re-run a recorded demo with a longer endpointing delay; the diff shows the later end of turn', async ({
  studio,
  studioPage,
  recordings,
  diff,
  pageProblems,
}) => {
  test.setTimeout(90_000);
  await studioPage.openConnected();
  const config = new ConfigPage(studioPage.page);
  await config.waitLoaded();

  // Record the demo until its first user turn has ended and been answered, then stop.
  await studioPage.startRunning();
  const transcript = recordings.timeline.lane('transcript');
  await expect
    .poll(async () => Number(await transcript.getAttribute('data-eots')), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect
    .poll(() => recordings.timeline.laneCount('speech-queue'), { timeout: 15_000 })
    .toBeGreaterThan(0);
  const stopped = await studioPage.stop();
  expect(stopped.ok, stopped.text).toBe(true);

  // Find it in the recordings browser and open it.
  await expect(recordings.rows).toHaveCount(1, { timeout: 15_000 });
  const id = await recordings.rows.first().getAttribute('data-recording-id');
  expect(id).toBeTruthy();
  await recordings.open(id!);

  // Raise the endpointing delay in the config editor and apply it to main.
  const before = Number(await config.field('options.minEndpointingDelayMs').inputValue());
  await config.setField('options.minEndpointingDelayMs', String(before + RAISE_MS));
  await config.apply();

  await diff.rerunWithCurrentConfig();
  await expect(diff.view).toContainText(`A ${id}`);
  await expect(diff.lanes('a')).toHaveAttribute('data-recording-id', id!);
  await expect(diff.lanes('b')).not.toHaveAttribute('data-recording-id', id!);
  await expect(diff.summary).toBeVisible();
  await expect(diff.rows.first()).toBeVisible();

  // The first turn ends later in the re-run, by about the raised delay.
  const eot = await diff.endOfTurn(1);
  expect(eot.aMs).not.toBeNull();
  expect(eot.bMs).not.toBeNull();
  expect(eot.changed).toBe(true);
  expect(eot.bMs! - eot.aMs!).toBeGreaterThan(RAISE_MS / 2);

  // The re-run is a recording of its own, linked to its source.
  const listed = await invokeStudio(studio, 'listRecordings', {});
  if (!listed.ok) throw new Error(listed.error.message);
  const rerun = listed.value.recordings.find((r) => r.id !== id);
  expect(rerun?.sourceId).toBe(id);
  await expect(diff.lanes('b')).toHaveAttribute('data-recording-id', rerun!.id);
  expect(pageProblems).toEqual([]);
});
