/**
 * A microphone session on the simulated STT (the default) says at start, in the header, that
 * the simulated STT cannot know what a real microphone said and how to configure a real one
 * (issue 10.5). Chromium's fake microphone (a beep) with the permission prompt auto-accepted.
 */
import config from '../../playwright.config';
import { expect, test } from '../fixtures/test';
import { AudioPage } from '../pages/audio-page';
import { restoreStudio } from '../pages/config-page';

const baseLaunch = config.use?.launchOptions ?? {};
// Launch options force a worker of their own (and a studio server of its own): top level only.
test.use({
  launchOptions: {
    ...baseLaunch,
    args: [
      ...(baseLaunch.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  },
});

test.describe('microphone on the simulated STT', () => {
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('the header says the simulated STT cannot transcribe the microphone and how to get a real STT', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    test.setTimeout(60_000);
    const audio = new AudioPage(page);
    const notice = page.getByTestId('stt-notice');
    await studioPage.openConnected();
    await audio.setInputMode('microphone');
    await expect(notice).toHaveCount(0);
    const started = await studioPage.start();
    expect(started.ok, started.text).toBe(true);
    await expect(studioPage.sessionPhase).toHaveText('running');
    await audio.waitForMic('live');

    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Simulated STT: it cannot know what your microphone said');
    await expect(notice).toContainText('providers.stt to "openai" with an OPENAI_API_KEY');
    await expect(notice).toContainText('OpenAI-compatible server');
    // Inside the header, where the session's state is read.
    await expect(page.getByTestId('app-header').getByTestId('stt-notice')).toBeVisible();
    await studioPage.screenshot('mic-simulated-stt-notice');

    expect((await studioPage.stop()).ok).toBe(true);
    await expect(studioPage.sessionPhase).toHaveText(/idle|ended/);
    await expect(notice).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });
});
