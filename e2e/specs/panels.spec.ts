/**
 * The session controls' extras and the right pane: a text turn gets a reply in the chat context,
 * the demo's tool call opens in the tool inspector and its barge-in is marked interrupted, the
 * event log filters and searches, and the keyboard (help, push-to-talk) works. Each test leaves
 * main idle with the default config, since the server is shared by the worker's specs.
 */
import { expect, test } from '../fixtures/test';
import { restoreStudio } from '../pages/config-page';
import { PanelsPage } from '../pages/panels-page';

test.describe('session panels', () => {
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('a text turn gets a reply in the chat context', async ({ studioPage, page, pageProblems }) => {
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    await panels.setInputMode('text');
    await studioPage.startRunning();
    const sent = await studioPage.sendText('What time is it in Lisbon?');
    expect(sent.ok, sent.text).toBe(true);
    await expect(panels.chatMessages('user').last()).toContainText('What time is it in Lisbon?');
    await expect(panels.chatMessages('assistant').last()).not.toBeEmpty({ timeout: 15_000 });
    await expect(panels.agentState).toHaveAttribute('data-state', /listening|speaking|thinking|idle/);
    await expect(page.getByTestId('session-elapsed')).toHaveText(/^\d\d:\d\d$/);
    await studioPage.screenshot('chat-context');
    expect(pageProblems).toEqual([]);
  });

  test('an input mode main cannot run yet is refused with main’s reason', async ({ studioPage, page }) => {
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    // 'microphone' runs now (audio-mic.spec.ts); the LiveKit room is the mode still refused.
    await panels.setInputMode('livekit');
    const started = await studioPage.start();
    expect(started.ok).toBe(false);
    await expect(studioPage.errorFor('startSession')).toContainText('livekit');
  });

  test('the demo’s tool call opens in the tool inspector; its barge-in is marked interrupted', async ({
    studioPage,
    page,
  }) => {
    test.setTimeout(90_000);
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    await studioPage.startRunning();
    await panels.openTab('tools');
    const item = panels.toolCallItems().first();
    await expect(item).toBeVisible({ timeout: 20_000 });
    await expect(item).toHaveAttribute('data-state', 'ok', { timeout: 10_000 });
    await item.click();
    const detail = page.getByTestId('tool-call-detail');
    await expect(detail).toBeVisible();
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

    // About 23 s in, the caller barges in: the cut-off answer keeps only what was heard.
    await panels.openTab('chat');
    const badge = page.getByTestId('chat-interrupted-badge').first();
    await expect(badge).toBeVisible({ timeout: 40_000 });
    await expect(badge).toHaveAttribute('data-state', 'interrupted');
    await expect(page.locator('[data-testid="chat-item"][data-state="interrupted"]').first()).toHaveAttribute(
      'data-role',
      'assistant',
    );
    await studioPage.screenshot('chat-interrupted');
  });

  test('the event log filters by type and searches text', async ({ studioPage, page }) => {
    test.setTimeout(60_000);
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    await studioPage.startRunning();
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
  });

  test('keyboard: ? shows every shortcut, Space held outside text fields is push-to-talk once it is on', async ({
    studioPage,
    page,
  }) => {
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await expect(help).toBeVisible();
    for (const text of ['Ctrl+Enter', 'Ctrl+Shift+Enter', 'Ctrl+I', 'hold Space', 'Zoom'])
      await expect(help).toContainText(text);
    await studioPage.screenshot('shortcut-help');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);

    // Push-to-talk is off by default: no indicator, and Space is nobody's key.
    await expect(panels.ptt).toHaveCount(0);
    await page.getByTestId('ptt-toggle').check();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await expect(panels.ptt).toHaveAttribute('data-state', 'idle');
    await expect(panels.ptt).toHaveAttribute('title', /sends audio only while Space is held/);
    await page.keyboard.down(' ');
    await expect(panels.ptt).toHaveAttribute('data-state', 'active');
    await page.keyboard.up(' ');
    await expect(panels.ptt).toHaveAttribute('data-state', 'idle');

    // Typing a space in a text field is typing, not talking.
    await page.getByTestId('text-input').click();
    await page.keyboard.down(' ');
    await expect(panels.ptt).toHaveAttribute('data-state', 'idle');
    await page.keyboard.up(' ');
    await expect(page.getByTestId('text-input')).toHaveValue(' ');
  });
});
