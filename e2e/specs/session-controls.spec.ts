/**
 * (c) Session controls always answer visibly. Until the engine lands main says `not_available`;
 * once it exists the session starts. Either way the UI must never go blank, and a failure must
 * be spelled out in the error banner.
 */
import { expect, test } from '../fixtures/test';
import type { CommandOutcome, StudioPage } from '../pages/studio-page';

async function expectNotBlank(studioPage: StudioPage): Promise<void> {
  const { page } = studioPage;
  await expect(page.getByTestId('app-header')).toBeVisible();
  await expect(page.getByTestId('session-controls')).toBeVisible();
  await expect(page.getByTestId('pane-center')).toBeVisible();
  await studioPage.waitForConnection('connected');
}

/** A failed command must be in the banner, worded "<Command> failed — <code>: <message>". */
async function expectExplained(
  studioPage: StudioPage,
  command: string,
  label: string,
  outcome: CommandOutcome,
): Promise<void> {
  if (outcome.ok) return;
  await expect(studioPage.errorBanner).toBeVisible();
  await expect(studioPage.errorFor(command)).toHaveText(new RegExp(`^${label} failed — [a-z_]+: \\S.*`));
}

test.describe('session controls', () => {
  test('Start shows the studio’s answer: a clear error banner or a starting session', async ({
    studioPage,
    pageProblems,
  }) => {
    await studioPage.openConnected();
    const outcome = await studioPage.start();
    console.log(`Start answered: ${outcome.text}`);
    if (outcome.ok) {
      await expect(studioPage.sessionPhase).toHaveText(/starting|running/);
    } else {
      await expectExplained(studioPage, 'startSession', 'Start session', outcome);
      console.log(`Banner: ${(await studioPage.errorTexts()).join(' | ')}`);
    }
    await expectNotBlank(studioPage);
    await studioPage.screenshot('after-start');
    expect(pageProblems).toEqual([]);
  });

  test('Send, Interrupt and Stop each get an answer and leave the UI intact', async ({ studioPage }) => {
    await studioPage.openConnected();
    const sent = await studioPage.sendText('hello agent');
    await expectExplained(studioPage, 'sendText', 'Send text', sent);
    // A sent turn clears the box; a refused one keeps the text so it can be resent.
    await expect(studioPage.page.getByTestId('text-input')).toHaveValue(sent.ok ? '' : 'hello agent');

    await expectExplained(studioPage, 'interrupt', 'Interrupt', await studioPage.interrupt());
    await expectExplained(studioPage, 'stopSession', 'Stop session', await studioPage.stop());
    await expectNotBlank(studioPage);
  });

  test('an empty text turn is refused in the UI without a round trip', async ({ studioPage }) => {
    await studioPage.openConnected();
    await studioPage.page.getByTestId('text-input').fill('   ');
    await studioPage.page.getByTestId('send-button').click();
    await expect(
      studioPage.page.locator('[data-testid="error-notice"][data-code="invalid_input"]'),
    ).toContainText('Type something');
    await studioPage.dismissErrors();
    await expect(studioPage.errorBanner).toHaveCount(0);
  });

  test('the web keyboard shortcuts (the desktop menu accelerators) run the same actions as the buttons', async ({
    studioPage,
  }) => {
    await studioPage.openConnected();
    const cases = [
      ['Control+Enter', 'startSession', 'Start session'],
      ['Control+Shift+Enter', 'stopSession', 'Stop session'],
      ['Control+i', 'interrupt', 'Interrupt'],
    ] as const;
    for (const [keys, command, label] of cases) {
      const outcome = await studioPage.shortcut(keys);
      expect(outcome.text).toMatch(new RegExp(`^${label}: `));
      await expectExplained(studioPage, command, label, outcome);
    }
    await expectNotBlank(studioPage);
  });
});
