/**
 * Issue 12 point 3, realtime (speech to speech) from the microphone, in web mode: Chromium's
 * fake microphone plays a question espeak-ng spoke at test time (padded with silence, looped);
 * the renderer captures it, main pushes it into the OpenAI Realtime session (resampled to the
 * model's 24 kHz), and the local TLS server speaking the Realtime protocol hears it with its
 * energy-based server VAD: input_speech_started/stopped drive the user lane (no local VAD), the
 * committed turn is transcribed, and the server's own reply is generated and played. The first
 * turn's latency must be explained to at least 95 %. Waits on attributes and events, never on time.
 */
import { NO_ESPEAK, fakeMicrophone, realtimeStudioTest } from '../fixtures/realtime-studio';
import { expect } from '../fixtures/test';
import { AudioPage } from '../pages/audio-page';
import { invokeStudio, restoreStudio } from '../pages/config-page';
import { LatencyPage } from '../pages/latency-page';
import { PanelsPage } from '../pages/panels-page';
import { TimelinePage } from '../pages/timeline-page';

const QUESTION = 'What is the weather in Lisbon today?';
const ANSWER = 'It is sunny in Lisbon today.';
const KEY_NAME = 'REALTIME_MIC_E2E_TEST_API_KEY';
const KEY = 'sk-realtime-mic-e2e-test';

const mic = fakeMicrophone('realtime-mic-question', QUESTION);
const wav = mic.wav;
const test = realtimeStudioTest({ name: KEY_NAME, value: KEY });

// Launch options force a worker of their own (and a studio server of its own): top level only.
test.use({ launchOptions: mic.launchOptions });

test.skip(wav === null, NO_ESPEAK);

test.afterEach(async ({ studio }) => restoreStudio(studio));

test('a spoken turn on the realtime model: the server VAD hears it, the reply plays and the turn is explained', async ({
  studio,
  realtime,
  studioPage,
  page,
  pageProblems,
}) => {
  test.setTimeout(90_000);
  const audio = new AudioPage(page);
  const latency = new LatencyPage(studioPage);
  const timeline = new TimelinePage(studioPage);
  const panels = new PanelsPage(page);
  for (let i = 0; i < 4; i++) {
    realtime.transcripts.push(QUESTION);
    realtime.replies.push({ text: ANSWER, audioMs: 1500 });
  }
  const appendsBefore = realtime.eventsOf('input_audio_buffer.append').length;
  // Set before the page opens, so the page loads this config. No local VAD: the server's decides.
  const set = await invokeStudio(studio, 'updateConfig', {
    config: {
      inputMode: 'microphone',
      providers: {
        vad: { provider: 'none' },
        llm: {
          provider: 'openai-realtime',
          baseURL: realtime.baseURL,
          apiKeyName: KEY_NAME,
          turnDetection: { type: 'server_vad' },
        },
        tts: { provider: 'simulated' },
      },
    },
  });
  expect(set.ok, JSON.stringify(set)).toBe(true);
  await studioPage.openConnected();
  await expect(page.getByTestId('input-mode-select')).toHaveValue('microphone');
  await audio.recordUserStatesAndLevel();
  const started = await studioPage.start();
  expect(started.ok, started.text).toBe(true);
  await expect(studioPage.sessionPhase).toHaveText('running');
  await audio.waitForMic('live');
  // The page may open on main's previous session: wait for this one's feed.
  await expect.poll(() => latency.turnCount(), { timeout: 10_000 }).toBe(0);

  // The microphone reaches the realtime server as 24 kHz PCM16 (the handshake with the test key).
  await expect
    .poll(() => realtime.eventsOf('input_audio_buffer.append').length, { timeout: 30_000 })
    .toBeGreaterThan(appendsBefore);
  expect(realtime.handshakes.at(-1)?.authorization).toBe(true);
  const session = realtime.current.session as { audio?: { input?: Record<string, unknown> } };
  expect(session.audio?.input?.format).toEqual({ type: 'audio/pcm', rate: 24000 });
  expect(session.audio?.input?.turn_detection).toMatchObject({ type: 'server_vad' });

  // The server's VAD: speech started, then stopped; with no local VAD they are the user's states.
  await expect.poll(() => audio.recordedUserStates(), { timeout: 30_000 }).toContain('speaking');
  await expect
    .poll(async () => (await audio.recordedUserStates()).lastIndexOf('listening'), { timeout: 30_000 })
    .toBeGreaterThan((await audio.recordedUserStates()).indexOf('speaking'));
  await expect.poll(() => timeline.laneCount('user'), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  // The server measured the utterance on its own audio clock (24 kHz samples received): about the
  // spoken phrase plus its 500 ms silence window — a wrong resampling rate would halve or double it.
  const startedEv = realtime.sentOf('input_audio_buffer.speech_started')[0];
  const stoppedEv = realtime.sentOf('input_audio_buffer.speech_stopped')[0];
  expect(stoppedEv.item_id).toBe(startedEv.item_id);
  const heardMs = (stoppedEv.audio_end_ms as number) - (startedEv.audio_start_ms as number);
  const spokenMs = wav!.speechEndMs - wav!.speechStartMs;
  console.log(`server VAD heard ${heardMs} ms for ${Math.round(spokenMs)} ms of espeak audio`);
  expect(heardMs).toBeGreaterThan(spokenMs * 0.75);
  expect(heardMs).toBeLessThan(spokenMs + 500 + 300);
  // The server transcribed the committed turn: the user's words are in the chat.
  await expect(panels.chatMessages('user').first()).toContainText(QUESTION, { timeout: 30_000 });

  // The server's reply plays through the speakers, and the generation is on the LLM lane.
  await expect.poll(() => audio.playedMs(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => timeline.laneCount('llm-tts'), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await expect(panels.chatMessages('assistant').first()).toContainText(ANSWER, { timeout: 30_000 });

  // The turn, from the user's stop to the model's first audio, is explained.
  const { segments, coverage } = await latency.firstTurn('realtime microphone turn');
  expect(segments.map((s) => s.kind)).toContain('rt_first_audio');
  expect(coverage).toBeGreaterThanOrEqual(0.95);

  // The event log holds the user's state changes the server's VAD caused.
  await panels.openTab('events');
  await panels.filterEvents('user_state_changed');
  await panels.searchEvents('→ speaking');
  await expect.poll(() => panels.eventCount(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  await latency.screenshotPanel('realtime-mic-latency-timeline');
  await studioPage.screenshot('realtime-mic-session');

  expect((await studioPage.stop()).ok).toBe(true);
  expect(pageProblems).toEqual([]);
});
