/**
 * Issue 5, "Bad input": reloading the window mid-session restores the view from main's state
 * (getState) and the view keeps growing live; a session error (the LLM answering 500) is shown in
 * the UI and in the event log, the UI keeps its panes, and the session keeps taking turns.
 * Main is left idle with the default config for the next spec.
 */
import { expect, test } from '../fixtures/test';
import { ConfigPage, restoreStudio } from '../pages/config-page';
import { LatencyPage } from '../pages/latency-page';
import { PanelsPage } from '../pages/panels-page';
import { ResiliencePage } from '../pages/resilience-page';
import { TimelinePage } from '../pages/timeline-page';
import { OpenAITestServer } from '../../src/main/providers/testing/openai-test-server';

test.describe('resilience (issue 5, bad input)', () => {
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('reloading mid-session restores lanes, speech queue and chat from main, then grows live', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    test.setTimeout(120_000);
    const timeline = new TimelinePage(studioPage);
    const view = new ResiliencePage(timeline);
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    await studioPage.startRunning();

    for (const id of ['user', 'vad', 'transcript', 'agent', 'speech-queue'] as const)
      await expect
        .poll(() => timeline.laneCount(id), { message: `lane-${id}`, timeout: 25_000 })
        .toBeGreaterThan(0);
    await expect(timeline.speechBars().first()).toBeAttached({ timeout: 20_000 });
    await panels.openTab('chat');
    await expect(view.chatItems.first()).toBeVisible({ timeout: 20_000 });
    // The whole session in view: the live view follows the newest 20 s, and a slow reload must not
    // let the first speeches scroll out of it.
    await timeline.fit();
    await expect.poll(async () => (await view.snapshot()).speechIds.length).toBeGreaterThan(0);
    const before = await view.snapshot();

    await page.reload();
    await studioPage.waitReady();
    await expect(studioPage.sessionPhase).toHaveText('running');
    // Restored from getState: no lane lost items, and the speeches shown before are there again
    // (later pushes only bring new speeches: old ids can come back only from the snapshot).
    for (const id of ['user', 'vad', 'transcript', 'agent', 'speech-queue'] as const)
      await expect
        .poll(() => timeline.laneCount(id), { message: `lane-${id} after reload` })
        .toBeGreaterThanOrEqual(before.lanes[id]);
    await timeline.fit();
    await expect
      .poll(async () => (await view.snapshot()).speechIds)
      .toEqual(expect.arrayContaining(before.speechIds));
    await panels.openTab('chat');
    await expect.poll(() => view.chatItems.count()).toBeGreaterThanOrEqual(before.chatItems);
    const after = await view.snapshot();
    await studioPage.screenshot('reload-restored');

    // And live pushes keep coming after the reload.
    await expect
      .poll(async () => (await view.snapshot()).lanes.vad, { timeout: 15_000 })
      .toBeGreaterThan(after.lanes.vad);
    await expect
      .poll(async () => (await view.snapshot()).chatItems, { timeout: 30_000 })
      .toBeGreaterThan(after.chatItems);
    expect(pageProblems).toEqual([]);
  });

  test('an LLM answering 500 is a clear session error in the UI and the event log; the session goes on', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    test.setTimeout(90_000);
    // The factory needs no key for a non-OpenAI baseURL and then sends this placeholder.
    const llm = await OpenAITestServer.start({ apiKey: 'no-key-needed', lifetimeMs: 80_000 });
    try {
      const timeline = new TimelinePage(studioPage);
      const view = new ResiliencePage(timeline);
      const panels = new PanelsPage(page);
      const config = new ConfigPage(page);
      await studioPage.openConnected();
      await config.waitLoaded();
      await panels.setInputMode('text');
      await view.openConfigSection('providers');
      await config.field('providers.llm.provider').selectOption('openai');
      await config.setField('providers.llm.baseURL', llm.url);
      const retries = config.field('providers.llm.maxRetries');
      const maxRetries = (await retries.count()) > 0 ? 0 : 3;
      if (maxRetries === 0) await retries.fill('0');
      const applied = await config.apply();
      expect(applied.applied).toContain('providers.llm');

      llm.enqueue(
        'chat',
        ...Array.from({ length: maxRetries + 1 }, () => ({
          kind: 'status' as const,
          status: 500,
          message: 'the test server failed on purpose',
        })),
      );
      const started = await studioPage.start();
      expect(started.ok, started.text).toBe(true);
      await expect(studioPage.sessionPhase).toHaveText('running');
      const sent = await studioPage.sendText('Are you there?');
      expect(sent.ok, sent.text).toBe(true);

      // The error banner names the failing component and the provider. Awaited before any other
      // click: its arrival moves every pane down, and a click in flight then can be lost.
      await expect(studioPage.errorBanner).toBeVisible({ timeout: 30_000 });
      await expect(studioPage.errorFor('llm')).toContainText(
        /^Session error \(llm\): openai llm: .*500.* — the session keeps running/,
      );
      // The latency timeline does not call the failed request a time to first token.
      const latency = new LatencyPage(studioPage);
      await expect(latency.segment('llm_ttft').first()).toHaveAttribute(
        'aria-label',
        /^LLM request failed: openai llm: server error \(500\)/,
      );
      // The event log has it too.
      await panels.openTab('events');
      await panels.filterEvents('error');
      await expect.poll(() => panels.eventCount(), { timeout: 30_000 }).toBeGreaterThan(0);
      const row = panels.eventRows().first();
      await expect(row).toHaveAttribute('data-type', 'error');
      await expect(row).toContainText(/openai/i);
      await expect(row).toContainText(/500/);
      await view.expectPanes();
      await studioPage.screenshot('session-error');

      // The session is still running and takes another turn (the queue is empty: a real reply).
      await expect(studioPage.sessionPhase).toHaveText('running');
      const again = await studioPage.sendText('Still there?');
      expect(again.ok, again.text).toBe(true);
      await panels.openTab('chat');
      await expect(panels.chatMessages('assistant').last()).toContainText('Hello from the test server.', {
        timeout: 20_000,
      });
      await view.expectPanes();
      expect(pageProblems).toEqual([]);
    } finally {
      await llm.close();
    }
  });
});
