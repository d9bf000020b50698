/**
 * A browser that refuses the microphone (a fake device, but no fake permission UI: headless
 * Chromium dismisses the prompt) gets a clear error in the banner, main records it, and the
 * 'microphone' session keeps running for typed turns.
 */
import config from '../../playwright.config';
import { expect, test } from '../fixtures/test';
import { AudioPage } from '../pages/audio-page';

const baseLaunch = config.use?.launchOptions ?? {};
test.use({
  launchOptions: { ...baseLaunch, args: [...(baseLaunch.args ?? []), '--use-fake-device-for-media-stream'] },
});

test.describe('a microphone the browser refuses', () => {
  test('is a clear error in the banner and in main, and the session keeps taking typed turns', async ({
    studioPage,
    page,
  }) => {
    const audio = new AudioPage(page);
    await studioPage.openConnected();
    await audio.setInputMode('microphone');
    const started = await studioPage.start();
    expect(started.ok, started.text).toBe(true);
    await expect(audio.mic).toHaveAttribute('data-state', /denied|missing|failed/);
    const notice = studioPage.errorFor('microphone');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(
      /Microphone failed — not_available: (microphone permission denied|no microphone found|the microphone could not)/,
    );
    await expect(notice).toContainText('The session keeps running');
    await expect(studioPage.sessionPhase).toHaveText('running');
    await studioPage.screenshot('audio-mic-refused');

    const sent = await studioPage.sendText('hello, can you hear me?');
    expect(sent.ok, sent.text).toBe(true);
    await expect(studioPage.sessionPhase).toHaveText('running');
    expect((await studioPage.stop()).ok).toBe(true);
  });
});
