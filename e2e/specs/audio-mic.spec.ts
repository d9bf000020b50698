/**
 * The real audio path in the browser: Chromium's fake microphone plays a phrase espeak-ng spoke
 * at test time (1 s silence, the phrase, 1.5 s silence, looped), the renderer captures it
 * through getUserMedia and its AudioWorklet, pushes 16 kHz chunks to main, and main's Silero VAD
 * hears the user speak; the agent's voice comes back as `audio` pushes the speakers play.
 * (audio-mic-denied.spec.ts: a browser that refuses the microphone.)
 */
import { resolve } from 'node:path';
import config from '../../playwright.config';
import { expect, test } from '../fixtures/test';
import { espeakAvailable, makeSpeechWav } from '../fixtures/speech-wav';
import { repoRoot } from '../fixtures/studio-server';
import { AudioPage } from '../pages/audio-page';

const WAV = resolve(repoRoot, 'test-results', 'e2e-audio', 'mic-phrase.wav');
const hasEspeak = espeakAvailable();
const speech = hasEspeak
  ? makeSpeechWav(WAV, 'Hello there. Could you tell me the weather in Lisbon today?')
  : null;
const baseLaunch = config.use?.launchOptions ?? {};
const baseArgs = baseLaunch.args ?? [];

// Launch options force a worker of their own (and a studio server of its own): top level only.
test.use({
  launchOptions: {
    ...baseLaunch,
    args: [
      ...baseArgs,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${WAV}`,
    ],
  },
});

test.describe('microphone and speakers', () => {
  test.skip(!hasEspeak, 'espeak-ng is not installed, so there is no phrase for the fake microphone');

  test('a microphone session hears the user (Silero VAD → user speaking) and plays the agent through the speakers', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    test.setTimeout(90_000);
    console.log(
      `fake mic: ${WAV} (speech ${speech?.speechStartMs}–${Math.round(speech?.speechEndMs ?? 0)} ms of ${Math.round(speech?.durationMs ?? 0)} ms, ${speech?.sampleRate} Hz)`,
    );
    const audio = new AudioPage(page);
    await studioPage.openConnected();
    await expect(audio.mic).toHaveAttribute('data-state', 'off');
    await audio.setInputMode('microphone');
    await audio.recordUserStatesAndLevel();

    const started = await studioPage.start();
    expect(started.ok, started.text).toBe(true);
    await expect(studioPage.sessionPhase).toHaveText('running');
    await audio.waitForMic('live');
    await expect
      .poll(() => audio.micChunksSent(), { message: 'microphone chunks accepted by main' })
      .toBeGreaterThan(30);

    // The phrase starts 1 s into the loop: the VAD must hear it within a couple of loops.
    await expect
      .poll(() => audio.recordedUserStates(), { timeout: 20_000, message: 'user state in the header' })
      .toContain('speaking');
    await studioPage.screenshot('audio-mic-user-speaking');

    // The agent speaks: its voice arrives as audio pushes and plays.
    await page
      .getByTestId('agent-text')
      .fill('Hello! I can hear you through the studio microphone. The weather in Lisbon is sunny.');
    const said = await studioPage.answered(() => page.getByTestId('say-button').click());
    expect(said.ok, said.text).toBe(true);
    await expect
      .poll(() => audio.chunksReceived(), { message: 'audio pushes received by the speakers' })
      .toBeGreaterThan(3);
    await expect.poll(() => audio.playedMs(), { message: 'agent audio played' }).toBeGreaterThan(100);
    await expect.poll(() => audio.maxLevelSeen(), { message: 'speaker level meter' }).toBeGreaterThan(0.1);
    await expect(audio.mute).toHaveAttribute('data-context', 'running');

    await audio.mute.click();
    await expect(audio.mute).toHaveAttribute('data-muted', 'true');
    await expect(audio.mute).toHaveAttribute('aria-pressed', 'true');
    await studioPage.screenshot('audio-mic-speakers-muted');
    console.log(
      `user states: ${(await audio.recordedUserStates()).join(' → ')}; speaker chunks ${await audio.chunksReceived()}, ` +
        `played ${await audio.playedMs()} ms, max level ${(await audio.maxLevelSeen()).toFixed(2)}; mic chunks ${await audio.micChunksSent()}`,
    );

    // The looped caller keeps taking turns, so Stop drains queued replies (bounded by the drain limit, 10 s).
    await page.getByTestId('stop-button').click();
    await expect(studioPage.sessionPhase).toHaveText('ended (user_initiated)', { timeout: 30_000 });
    await audio.waitForMic('off');
    expect(pageProblems).toEqual([]);
  });
});
