/**
 * The per-turn latency timeline on a replayed recording (web mode): the e2e demo recording, made
 * before the timing events existed, still draws every answered turn with at least 95 % of its
 * silence in named segments, and a segment click moves the replay's playhead to the segment and
 * selects its interval on the timeline, as live.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '../fixtures/test';
import {
  repoRoot,
  startStudioWeb,
  STUDIO_FIXTURE_TIMEOUT_MS,
  type RunningStudio,
} from '../fixtures/studio-server';
import { LatencyPage } from '../pages/latency-page';
import { RecordingsPage } from '../pages/recordings-page';

const DEMO = '20260101-120000-session_e2edemo';

const test = base.extend<object, { studio: RunningStudio }>({
  studio: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-latency-'));
      cpSync(resolve(repoRoot, 'e2e', 'fixtures', 'recordings'), dir, { recursive: true });
      const studio = await startStudioWeb({ env: { STUDIO_RECORDINGS_DIR: dir } });
      await use(studio);
      await studio.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: STUDIO_FIXTURE_TIMEOUT_MS },
  ],
});

test('a replayed recording shows the same latency timeline; a segment click moves the playhead there', async ({
  studioPage,
  pageProblems,
}) => {
  const recordings = new RecordingsPage(studioPage);
  const latency = new LatencyPage(studioPage);
  await studioPage.openConnected();
  await recordings.open(DEMO);
  await recordings.waitLoaded();
  await expect.poll(() => latency.turnCount()).toBe(7);

  for (const turn of [1, 2, 4, 5, 6, 7]) {
    await latency.selectTurn(new RegExp(`^Turn ${turn} `));
    await expect.poll(() => latency.coverage(), { message: `turn ${turn}` }).toBeGreaterThanOrEqual(0.95);
  }
  // Turn 3 was interrupted before it spoke: listed, with no coverage to claim.
  await latency.selectTurn(/^Turn 3 /);
  await expect(latency.panel).toHaveAttribute('data-e2e-ms', '');

  await latency.selectTurn(/^Turn 2 /);
  const llm = (await latency.segmentInfos()).find((s) => s.kind === 'llm_ttft')!;
  await latency.segment('llm_ttft').click();
  await expect.poll(() => recordings.playheadMs()).toBe(llm.startAt);
  await expect.poll(() => latency.timelineSelection()).toEqual({ startMs: llm.startAt, endMs: llm.endAt });
  await latency.screenshotPanel('latency-timeline-replay');
  expect(pageProblems).toEqual([]);
});
