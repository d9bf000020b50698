/**
 * The recordings browser and replay (issue 9, points 3-4), in web mode: recordings copied into
 * the server's STUDIO_RECORDINGS_DIR are listed (a crashed one as crashed, with its real
 * duration), open into the same timeline and panels as a live session, the playhead moves where a
 * lane or an event row is clicked, a deep link opens a recording at a time, and delete removes the row.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '../fixtures/test';
import {
  repoRoot,
  startStudioWeb,
  STUDIO_FIXTURE_TIMEOUT_MS,
  type RunningStudio,
} from '../fixtures/studio-server';
import { RecordingsPage } from '../pages/recordings-page';
import { StudioPage } from '../pages/studio-page';

const DEMO = '20260101-120000-session_e2edemo';
const CRASHED = '20251231-090000-session_e2ecrash';
const FIXTURES = resolve(repoRoot, 'e2e', 'fixtures', 'recordings');

const test = base.extend<{ recordings: RecordingsPage }, { studio: RunningStudio }>({
  studio: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-recordings-'));
      cpSync(FIXTURES, dir, { recursive: true });
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
});

test.describe('recordings', () => {
  test('lists recordings newest first with their facts; a crashed one shows crashed and its real duration', async ({
    studioPage,
    recordings,
    pageProblems,
  }) => {
    await studioPage.openConnected();
    await expect(recordings.rows).toHaveCount(2);
    await expect(recordings.rows.first()).toHaveAttribute('data-recording-id', DEMO);
    const demo = recordings.row(DEMO);
    await expect(demo.getByTestId('recording-duration')).toHaveText('1:05');
    await expect(demo.getByTestId('recording-turns')).toHaveText('7 turns');
    await expect(demo.getByTestId('recording-agent')).toHaveText('weather');
    await expect(demo.getByTestId('recording-input')).toHaveText('demo');
    await expect(demo.getByTestId('recording-end')).toHaveText('stopped');
    const crashed = recordings.row(CRASHED);
    await expect(crashed.getByTestId('recording-end')).toHaveText('crashed');
    await expect(crashed).toHaveAttribute('data-duration-ms', '26700');
    await recordings.search.fill('cut short');
    await expect(recordings.rows).toHaveCount(1);
    await expect(recordings.rows.first()).toHaveAttribute('data-recording-id', CRASHED);
    await recordings.search.fill('');
    await expect(recordings.rows).toHaveCount(2);
    expect(pageProblems).toEqual([]);
  });

  test('open replays into the timeline; clicking a lane or an event row moves the playhead; back to live', async ({
    studioPage,
    recordings,
    pageProblems,
  }) => {
    await studioPage.openConnected();
    await recordings.open(DEMO);
    const tl = recordings.timeline;
    // The same lanes as a live session, filled from the recording.
    await expect.poll(() => tl.laneCount('agent')).toBeGreaterThan(0);
    await expect.poll(() => tl.laneCount('speech-queue')).toBeGreaterThan(0);
    await expect(tl.interruptionMarks()).not.toHaveCount(0);
    await expect(recordings.page.getByTestId('chat-item').first()).toBeVisible();
    expect(await recordings.playheadMs()).toBe(0);

    // The view shows the whole recording (0..65 s): a click at 3/4 of the plot is about 48.75 s.
    await recordings.clickLane('user', 0.75);
    await expect.poll(() => recordings.playheadMs()).toBeGreaterThan(40_000);
    const atLane = await recordings.playheadMs();
    expect(atLane).toBeLessThan(58_000);
    await expect(tl.body).toHaveAttribute('data-playhead-ms', String(atLane));
    await expect(studioPage.page).toHaveURL(new RegExp(`#/recordings/${DEMO}\\?t=${atLane}$`));

    // An event row moves it to that event's time (the row shows m:ss.mmm).
    await studioPage.page.getByTestId('inspector-tab-events').click();
    const row = studioPage.page.getByTestId('event-row').nth(8);
    const [min, sec] = ((await row.locator('.event-time').textContent()) ?? '').split(':');
    const rowMs = Number(min) * 60_000 + Math.round(Number(sec) * 1000);
    expect(rowMs).not.toBe(atLane);
    await row.click();
    await expect.poll(async () => Math.abs((await recordings.playheadMs()) - rowMs)).toBeLessThanOrEqual(1);

    // Play moves it on; pause holds it, and the address keeps where it stopped. It plays from near
    // the start: the row above can be close to the end, where a replay stops by itself and a
    // second click would start it over (that is the player's behaviour, not a pause).
    await recordings.clickLane('user', 0.05);
    await expect.poll(() => recordings.playheadMs()).toBeLessThan(10_000);
    const from = await recordings.playheadMs();
    await recordings.playButton.click();
    await expect(recordings.playButton).toHaveAttribute('data-state', 'playing');
    await expect.poll(() => recordings.playheadMs()).toBeGreaterThan(from);
    await recordings.playButton.click();
    await expect(recordings.playButton).toHaveAttribute('data-state', 'paused');
    // The address takes the paused time at once; the playhead paints it on the next frame.
    const hash = await studioPage.page.evaluate(
      () => (globalThis as unknown as { location: { hash: string } }).location.hash,
    );
    const held = Number(hash.match(new RegExp(`^#/recordings/${DEMO}\\?t=(\\d+)$`))?.[1]);
    expect(held).toBeGreaterThan(from);
    expect(held).toBeLessThan(60_000);
    await expect.poll(() => recordings.playheadMs()).toBe(held);
    await expect(recordings.playButton).toHaveAttribute('data-state', 'paused');

    await recordings.closeReplay.click();
    await expect(recordings.transport).toHaveCount(0);
    await expect(tl.body).not.toHaveAttribute('data-playhead-ms', /.*/);
    expect(pageProblems).toEqual([]);
  });

  test('a deep link opens the recording at the given time', async ({
    studioPage,
    recordings,
    pageProblems,
  }) => {
    await studioPage.open(`${studioPage.studio.origin}/#/recordings/${DEMO}?t=30000`);
    await studioPage.waitForConnection('connected');
    await expect(recordings.transport).toHaveAttribute('data-recording-id', DEMO);
    await recordings.waitLoaded();
    expect(await recordings.playheadMs()).toBe(30_000);
    expect(pageProblems).toEqual([]);
  });

  test('delete asks first, then removes the recording', async ({ studioPage, recordings, pageProblems }) => {
    await studioPage.openConnected();
    const row = recordings.row(CRASHED);
    await row.getByTestId('recording-delete').click();
    await row.getByTestId('recording-delete-cancel').click();
    await expect(row).toHaveCount(1);
    await recordings.delete(CRASHED);
    await recordings.studio.page.reload();
    await expect(recordings.rows).toHaveCount(1);
    await expect(recordings.row(CRASHED)).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });

  test('a recordings folder that cannot be read says so in the panel, and the studio still works', async ({
    page,
    pageProblems,
  }) => {
    // A file where the folder should be: listing it fails (ENOTDIR), not "no recordings yet".
    const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-recordings-file-'));
    const notAFolder = join(dir, 'recordings');
    writeFileSync(notAFolder, 'not a folder');
    const studio = await startStudioWeb({ env: { STUDIO_RECORDINGS_DIR: notAFolder } });
    try {
      const studioPage = new StudioPage(page, studio);
      await studioPage.openConnected();
      const panel = page.getByTestId('recordings');
      await expect(panel).toHaveAttribute('data-state', 'failed');
      await expect(page.getByTestId('recordings-error')).toContainText('cannot be read');
      await expect(page.getByTestId('recordings-empty')).toHaveCount(0);
      await studioPage.screenshot('recordings-unreadable');
      // The rest of the studio answers as usual.
      await studioPage.ping();
      // Checked while the server runs: once it stops, the page's reconnect attempts log errors.
      expect(pageProblems).toEqual([]);
    } finally {
      await page.close();
      await studio.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
