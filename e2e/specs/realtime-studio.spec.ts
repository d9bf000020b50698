/**
 * Issue 12 point 3, realtime (speech to speech) in the studio, in web mode: the config editor
 * switches the LLM to an OpenAI Realtime model and back (an option the realtime model refuses is
 * shown at its field), and a text session runs on a realtime model served by the local TLS server
 * that speaks the Realtime protocol (its self-signed certificate trusted only by this studio
 * server's NODE_EXTRA_CA_CERTS, the key given through the server's environment and allowed to go
 * to that origin only): the typed question is answered with the model's audio, which plays; the
 * generation is on the LLM lane and the latency panel explains the turn. Waits on attributes.
 */
import { realtimeStudioTest } from '../fixtures/realtime-studio';
import { expect } from '../fixtures/test';
import { AudioPage } from '../pages/audio-page';
import { ConfigDraftsPage } from '../pages/config-drafts-page';
import { ConfigPage, invokeStudio, restoreStudio } from '../pages/config-page';
import { LatencyPage } from '../pages/latency-page';
import { TimelinePage } from '../pages/timeline-page';

const KEY_NAME = 'REALTIME_E2E_TEST_API_KEY';
const KEY = 'sk-realtime-e2e-test';

const test = realtimeStudioTest({ name: KEY_NAME, value: KEY });

test.beforeEach(async ({ studio }) => restoreStudio(studio));
test.afterEach(async ({ studio }) => restoreStudio(studio));

test('the config editor switches the LLM to a realtime model and back; a refused option shows at its field', async ({
  studioPage,
  page,
  pageProblems,
}) => {
  const config = new ConfigPage(page);
  const drafts = new ConfigDraftsPage(config);
  await studioPage.openConnected();
  await config.waitLoaded();
  await drafts.openSection('providers');
  await config.setField('providers.llm.ttftMs', '450');

  await drafts.selectProvider('llm', 'openai-realtime');
  await expect(config.field('providers.llm.voice')).toHaveValue('marin');
  await expect(config.field('providers.llm.turnDetection.type')).toHaveValue('server_vad');
  await expect(config.field('providers.llm.ttftMs')).toHaveCount(0);

  // Server-side turn detection always lets the user interrupt (the seed raises otherwise).
  await config.field('options.allowInterruptions').uncheck();
  await expect(config.fieldError('options.allowInterruptions')).toContainText('server-side turn detection');
  await expect(config.applyButton).toBeDisabled();
  await config.reveal('options.allowInterruptions');
  await studioPage.screenshot('realtime-config-refused-option');
  // Without server turn detection the VAD decides, and an uninterruptible agent is fine.
  await config.field('providers.llm.turnDetection.type').selectOption('null');
  await expect(config.fieldError('options.allowInterruptions')).toHaveCount(0);
  await config.field('options.allowInterruptions').check();

  await drafts.selectProvider('llm', 'simulated');
  await expect(config.field('providers.llm.ttftMs')).toHaveValue('450');
  await drafts.selectProvider('llm', 'openai-realtime');
  await expect(config.field('providers.llm.turnDetection.type')).toHaveValue('null');
  expect(pageProblems).toEqual([]);
});

test('a typed turn on the realtime model: its audio plays, the generation is drawn and the turn explained', async ({
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
  realtime.replies.push({ text: 'It is sunny in Lisbon today.', audioMs: 1500 });
  const set = await invokeStudio(studio, 'updateConfig', {
    config: {
      inputMode: 'text',
      providers: {
        llm: { provider: 'openai-realtime', baseURL: realtime.baseURL, apiKeyName: KEY_NAME },
        tts: { provider: 'simulated' },
      },
    },
  });
  expect(set.ok, JSON.stringify(set)).toBe(true);
  await studioPage.openConnected();
  const started = await studioPage.start();
  expect(started.ok, started.text).toBe(true);
  await expect(studioPage.sessionPhase).toHaveText('running');
  await expect.poll(() => latency.turnCount(), { timeout: 10_000 }).toBe(0);

  const sent = await studioPage.sendText('What is the weather in Lisbon?');
  expect(sent.ok, sent.text).toBe(true);
  // The model's own audio plays through the speakers.
  await expect.poll(() => audio.playedMs(), { timeout: 30_000 }).toBeGreaterThan(0);
  // The handshake carried the test key, to this server only.
  expect(realtime.handshakes.at(-1)?.authorization).toBe(true);

  // The generation on the LLM lane (from the model's metrics, sent when the response is done).
  await expect.poll(() => timeline.laneCount('llm-tts'), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  const { segments, coverage } = await latency.firstTurn('realtime typed turn');
  expect(segments.map((s) => s.kind)).toContain('rt_first_audio');
  expect(coverage).toBeGreaterThanOrEqual(0.95);
  await latency.screenshotPanel('realtime-latency-timeline');
  await studioPage.screenshot('realtime-session');
  expect(pageProblems).toEqual([]);
});
