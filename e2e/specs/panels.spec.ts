/**
 * The session controls' extras and the right pane: a text turn gets a reply in the chat context,
 * an input mode main cannot run is refused, and the keyboard (help, push-to-talk) works. The
 * demo's tool call in the tool inspector and the chat, its barge-in in the chat and the event
 * log's filter and search are checked on the live demo in timeline-demo.spec.ts, which watches
 * one demo session for all of them. Each test leaves main idle with the default config, since
 * the server is shared by the worker's specs.
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
