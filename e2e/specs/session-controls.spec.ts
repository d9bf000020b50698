/**
 * (c) Session controls always answer visibly: Start, Send, Interrupt and Stop (buttons and the
 * web keyboard shortcuts) each get main's answer, the session they start really runs (main says
 * running, the agent takes turns, no error banner), a button that cannot work is disabled, and the
 * UI never goes blank (the inline misuse notes: session-state.spec.ts). Each test starts from an idle main with the default config
 * (the embedded demo, simulated providers), since the server is shared by the worker's specs.
 */
import { expect, test } from '../fixtures/test';
import { restoreStudio } from '../pages/config-page';
import { PanelsPage } from '../pages/panels-page';
import type { StudioPage } from '../pages/studio-page';

async function expectNotBlank(studioPage: StudioPage): Promise<void> {
  const { page } = studioPage;
  await expect(page.getByTestId('app-header')).toBeVisible();
  await expect(page.getByTestId('session-controls')).toBeVisible();
  await expect(page.getByTestId('pane-center')).toBeVisible();
  await studioPage.waitForConnection('connected');
}

test.describe('session controls', () => {
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('Start runs the session: main says running, the agent takes turns, no error', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    test.setTimeout(60_000);
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    // Idle, or the end of the worker's previous session.
    await expect(studioPage.sessionPhase).toHaveAttribute('data-value', /^(idle|ended)$/);
    await studioPage.startRunning();
    // The demo's agent greets: a real reply, in the chat context.
    await panels.openTab('chat');
    await expect(panels.chatMessages('assistant').first()).toContainText('Sunny', { timeout: 20_000 });
    await expect(studioPage.errorBanner).toHaveCount(0);
    await expectNotBlank(studioPage);
    await studioPage.screenshot('after-start');
    expect(pageProblems).toEqual([]);
  });

  test('Send, Interrupt and Stop each get an answer and leave the UI intact', async ({
    studioPage,
    page,
  }) => {
    test.setTimeout(60_000);
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    await panels.setInputMode('text');
    await studioPage.startRunning();

    const sent = await studioPage.sendText('hello agent');
    expect(sent.ok, sent.text).toBe(true);
    // A sent turn clears the box, and the running session answers it.
    await expect(page.getByTestId('text-input')).toHaveValue('');
    await expect(panels.chatMessages('user').last()).toContainText('hello agent');
    await expect(panels.chatMessages('assistant').last()).not.toBeEmpty({ timeout: 15_000 });

    const interrupted = await studioPage.interrupt();
    expect(interrupted.ok, interrupted.text).toBe(true);
    const stopped = await studioPage.stop();
    expect(stopped.ok, stopped.text).toBe(true);
    await expect(studioPage.sessionPhase).toHaveText('ended (user_initiated)');
    await expect(studioPage.errorBanner).toHaveCount(0);

    // Without a session the turn buttons cannot work, so they are disabled (issue 10.3); a typed
    // text keeps its words for the next session.
    await page.getByTestId('text-input').fill('anyone there?');
    await expect(page.getByTestId('send-button')).toBeDisabled();
    await expect(page.getByTestId('interrupt-button')).toBeDisabled();
    await expect(page.getByTestId('text-input')).toHaveValue('anyone there?');
    await expectNotBlank(studioPage);
  });

  test('the web keyboard shortcuts (the desktop menu accelerators) run the same actions as the buttons', async ({
    studioPage,
  }) => {
    test.setTimeout(60_000);
    await studioPage.openConnected();
    const started = await studioPage.shortcut('Control+Enter');
    expect(started.text).toMatch(/^Start session: /);
    expect(started.ok, started.text).toBe(true);
    await studioPage.expectSessionRunning();

    const interrupted = await studioPage.shortcut('Control+i');
    expect(interrupted.text).toMatch(/^Interrupt: /);
    expect(interrupted.ok, interrupted.text).toBe(true);

    const stopped = await studioPage.shortcut('Control+Shift+Enter');
    expect(stopped.text).toMatch(/^Stop session: /);
    expect(stopped.ok, stopped.text).toBe(true);
    await expect(studioPage.sessionPhase).toHaveText('ended (user_initiated)');
    await expect(studioPage.errorBanner).toHaveCount(0);
    await expectNotBlank(studioPage);
  });
});
