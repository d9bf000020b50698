/**
 * The studio's live demo (the embedded default: simulated caller, Silero VAD, local TTS) watched
 * once, as the session runs on the real clock: every timeline lane fills, the tool call opens in
 * the inspector from the timeline and from the right pane (tool inspector, chat), the event log
 * filters and searches the live events, the caller's barge-in shows as an interrupted speech and
 * an interrupted chat answer, the noise as a resumed false interruption, and the waterfall shows
 * the turns. One session for all of it: each check only reads what the demo does, and the demo
 * takes ~30 s to get through its turns. Main is left idle with the default config for the next spec.
 */
import { expect, test } from '../fixtures/test';
import { restoreStudio } from '../pages/config-page';
import { PanelsPage } from '../pages/panels-page';
import { TimelinePage } from '../pages/timeline-page';

test.describe('timeline and panels on the live demo', () => {
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('lanes fill live; tool call (timeline, tool inspector, chat), event log, barge-in, false interruption and waterfall show up', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    test.setTimeout(120_000);
    const timeline = new TimelinePage(studioPage);
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    const started = await studioPage.start();
    // A machine without the demo's local TTS or VAD says why; the banner spec covers that path.
    test.skip(!started.ok, `the demo did not start here: ${started.text}`);
    await studioPage.expectSessionRunning();
    await expect(timeline.followButton).toHaveAttribute('data-state', 'on');

    // Turn 1 (about 4–14 s): the user speaks, the agent thinks, calls get_weather and answers.
    for (const id of ['user', 'vad', 'transcript', 'agent', 'speech-queue', 'llm-tts'] as const)
      await expect
        .poll(() => timeline.laneCount(id), { message: `lane-${id}`, timeout: 20_000 })
        .toBeGreaterThan(1);
    const tool = timeline.toolCalls().first();
    await expect(tool).toHaveAttribute('data-name', 'get_weather', { timeout: 20_000 });

    // The timeline's tool call selects it: the inspector opens on it.
    await tool.click();
    await expect(tool).toHaveAttribute('data-selected', 'true');
    await expect(page.getByTestId('tool-inspector')).toBeVisible();
    await expect(page.getByTestId('tool-name')).toHaveText('get_weather');

    // Turn 2's answer is cut by the caller about 22 s in.
    const interrupted = timeline.speechBars('interrupted').first();
    await expect(interrupted).toBeAttached({ timeout: 40_000 });
    await expect(timeline.lane('interruptions')).not.toHaveAttribute('data-count', '0');
    await expect
      .poll(async () => Number(await timeline.waterfall.getAttribute('data-turns')))
      .toBeGreaterThanOrEqual(2);
    await expect(timeline.waterfallPart('e2e')).toHaveAttribute('data-ms', /^\d+$/);
    await timeline.screenshotOf(timeline.root, 'timeline-demo');

    // Turn 3's answer is paused by noise and resumes (about 27–30 s).
    await expect(timeline.interruptionMarks('resumed').first()).toBeAttached({ timeout: 30_000 });
    await timeline.screenshotOf(timeline.waterfall, 'latency-waterfall-demo');
    await studioPage.screenshot('timeline-demo-main-view');
    // The README's picture (docs/screenshots/studio-demo.png is copied from this one): the
    // timeline's lower lanes above the latency timeline of the latest turn, the tool inspected.
    await timeline.waterfall.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await studioPage.screenshot('studio-demo');

    // The right pane reads the same live session; unlike the timeline's view, which follows the
    // newest 20 s, it keeps every item, so it is checked once the timeline has seen it all.
    // The right pane's tool inspector lists the call; its detail shows arguments, output, duration.
    await panels.openTab('tools');
    const item = panels.toolCallItems().first();
    await expect(item).toBeVisible({ timeout: 20_000 });
    await expect(item).toHaveAttribute('data-state', 'ok', { timeout: 10_000 });
    await item.click();
    await expect(page.getByTestId('tool-call-detail')).toBeVisible();
    await expect(page.getByTestId('tool-name')).toHaveText('get_weather');
    await expect(page.getByTestId('tool-arguments')).toContainText('Tokyo');
    await expect(page.getByTestId('tool-output')).toContainText('Sunny, 24 degrees');
    await expect(page.getByTestId('tool-output')).toHaveAttribute('data-error', 'false');
    await expect(page.getByTestId('tool-duration')).toHaveText(/^\d+ ms$/);
    await studioPage.screenshot('tool-inspector');

    // The chat shows the call with its output, and opens the same call in the inspector.
    await panels.openTab('chat');
    const call = page.locator('[data-testid="chat-item"][data-kind="function_call"]').first();
    await expect(call.getByTestId('chat-function-output')).toContainText('Sunny, 24 degrees');
    await call.getByRole('button', { name: 'inspect' }).click();
    await expect(page.getByTestId('inspector-tab-tools')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('tool-call-detail')).toBeVisible();

    // The event log of the live session filters by type and searches text.
    await panels.openTab('events');
    await panels.filterEvents('all');
    // The demo's first turn brings state changes, transcripts, VAD frames, a tool call.
    await expect.poll(() => panels.eventCount(), { timeout: 20_000 }).toBeGreaterThan(50);
    // Only the rows in view exist in the DOM, however many events the log holds.
    expect(await panels.eventRows().count()).toBeLessThanOrEqual(30);
    await panels.filterEvents('agent_state_changed');
    await expect.poll(() => panels.renderedTypes()).toEqual(['agent_state_changed']);
    const stateChanges = await panels.eventCount();
    expect(stateChanges).toBeGreaterThan(0);
    expect(stateChanges).toBeLessThan(await panels.eventTotal());
    await panels.filterEvents('all');
    await panels.searchEvents('get_weather');
    await expect.poll(() => panels.eventCount(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const text of await panels.eventRows().allTextContents())
      expect(text.toLowerCase()).toContain('get_weather');
    await panels.searchEvents('no event says this 1f3a');
    await expect(page.getByTestId('event-log-empty')).toHaveText('No event matches the filter.');
    await panels.searchEvents('');
    await panels.filterEvents('no_vad');
    await expect.poll(() => panels.renderedTypes()).not.toContain('vad_inference');
    await studioPage.screenshot('event-log');
    await panels.filterEvents('all');

    // In the chat, the cut-off answer keeps only what was heard.
    await panels.openTab('chat');
    const badge = page.getByTestId('chat-interrupted-badge').first();
    await expect(badge).toBeVisible({ timeout: 10_000 });
    await expect(badge).toHaveAttribute('data-state', 'interrupted');
    await expect(page.locator('[data-testid="chat-item"][data-state="interrupted"]').first()).toHaveAttribute(
      'data-role',
      'assistant',
    );
    await studioPage.screenshot('chat-interrupted');
    expect(pageProblems).toEqual([]);
  });
});
