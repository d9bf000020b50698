/**
 * The per-turn latency timeline of a real microphone turn (issue 10.1), end to end: Chromium's
 * fake microphone plays a question espeak-ng spoke at test time (padded with silence, looped),
 * the renderer captures it, main's Silero VAD hears it, and an OpenAI STT (whisper-1: whole
 * utterances, no streaming), LLM and TTS served by the local OpenAI-compatible test server, with
 * a test API key, transcribe it, answer and speak; the reply plays through the speakers. The
 * first answered turn's named segments must explain at least 95 % of the silence, and its
 * end-of-turn decision must hold the transcription delay (the STT can only hear the utterance
 * once the VAD's silence window closed it), whose length the end-of-utterance metric reports.
 * A microphone on the simulated STT runs VAD-only: no final transcript, so LiveKit's metric reads
 * 0 there, and the event log says it was not measured. Waits on attributes and events, never on time.
 */
import type { OpenAITestServer } from '../../src/main/providers/testing/openai-test-server';
import { NO_ESPEAK, fakeMicrophone, openAIStudioTest } from '../fixtures/realtime-studio';
import type { RunningStudio } from '../fixtures/studio-server';
import { expect } from '../fixtures/test';
import { AudioPage } from '../pages/audio-page';
import { invokeStudio, restoreStudio } from '../pages/config-page';
import { LatencyPage, type SegmentInfo } from '../pages/latency-page';
import { PanelsPage } from '../pages/panels-page';
import type { StudioPage } from '../pages/studio-page';

const QUESTION = 'What is the weather in Lisbon today?';
const ANSWER = 'It is sunny in Lisbon today.';
const KEY_NAME = 'MIC_LATENCY_TEST_API_KEY';
const KEY = 'sk-mic-latency-test';

const mic = fakeMicrophone('mic-latency-question', QUESTION);
const test = openAIStudioTest({ name: KEY_NAME, value: KEY });

// Launch options force a worker of their own (and a studio server of its own): top level only.
test.use({ launchOptions: mic.launchOptions });

test.skip(mic.wav === null, NO_ESPEAK);

type Stt = { provider: 'simulated' } | { provider: 'openai'; model: string };

/** Starts a microphone session on the test server's LLM and TTS and the given STT; waits for turn 1's audio. */
async function answerFirstMicTurn(
  studio: RunningStudio,
  openai: OpenAITestServer,
  studioPage: StudioPage,
  stt: Stt,
): Promise<LatencyPage> {
  const page = studioPage.page;
  const audio = new AudioPage(page);
  const latency = new LatencyPage(studioPage);
  const remote = { provider: 'openai', baseURL: openai.url, apiKeyName: KEY_NAME } as const;
  for (let i = 0; i < 6; i++) {
    openai.enqueue('transcriptions', { kind: 'text', text: QUESTION });
    openai.enqueue('chat', { kind: 'reply', content: ANSWER });
  }
  // Set before the page opens, so the page loads this config.
  const set = await invokeStudio(studio, 'updateConfig', {
    config: {
      inputMode: 'microphone',
      providers: {
        vad: { provider: 'silero' },
        stt: stt.provider === 'openai' ? { ...remote, ...stt } : stt,
        llm: { ...remote, model: 'gpt-4o-mini', maxRetries: 0 },
        tts: { ...remote, model: 'tts-1' },
      },
    },
  });
  expect(set.ok, JSON.stringify(set)).toBe(true);
  await studioPage.openConnected();
  await expect(page.getByTestId('input-mode-select')).toHaveValue('microphone');
  const started = await studioPage.start();
  expect(started.ok, started.text).toBe(true);
  await expect(studioPage.sessionPhase).toHaveText('running');
  await audio.waitForMic('live');
  await expect(page.getByTestId('stt-notice')).toHaveCount(stt.provider === 'openai' ? 0 : 1);

  // The page may open on main's previous session: wait for this one's feed, then for turn 1's audio.
  await expect.poll(() => latency.turnCount(), { timeout: 10_000 }).toBe(0);
  await expect.poll(() => latency.turnCount(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await latency.selectTurn(/^Turn 1 /);
  await expect.poll(() => latency.e2eMs(), { timeout: 30_000 }).not.toBeNull();
  return latency;
}

/** The shown turn's segments, checked to lie on its axis; at least 95 % of its silence named. */
async function explainedTurn(
  latency: LatencyPage,
  what: string,
): Promise<{ turnStart: number; segments: SegmentInfo[] }> {
  const coverage = (await latency.coverage())!;
  const e2e = (await latency.e2eMs())!;
  const turnStart = Number(await latency.panel.getAttribute('data-turn-start-at'));
  const segments = await latency.segmentInfos();
  console.log(
    `${what}, turn 1: ${e2e} ms of silence, coverage ${coverage}; ` +
      segments.map((s) => `${s.kind} ${s.startAt - turnStart}→${s.endAt - turnStart}`).join(', '),
  );
  expect(coverage, `share of ${e2e} ms explained`).toBeGreaterThanOrEqual(0.95);
  await expect(latency.coverageLine).toContainText('Named segments explain');
  const kinds = new Set(segments.map((s) => s.kind));
  for (const kind of ['eot_decision', 'llm_ttft', 'tts_ttfb']) expect(kinds, kind).toContain(kind);
  for (const s of segments) {
    expect(s.startAt, s.label).toBeGreaterThanOrEqual(turnStart - 1);
    expect(s.endAt, s.label).toBeLessThanOrEqual(turnStart + e2e + 1);
  }
  expect(segments.find((s) => s.kind === 'eot_decision')!.startAt).toBe(turnStart);
  return { turnStart, segments };
}

/** The event log's line for the shown turn's end-of-utterance metric (named by its reply's speech). */
async function eouLineOf(latency: LatencyPage, panels: PanelsPage): Promise<string> {
  const speechId = await latency.panel.getAttribute('data-turn-id');
  expect(speechId).toMatch(/^speech_/);
  await panels.openTab('events');
  await panels.searchEvents(`eou ${speechId}:`);
  await expect.poll(() => panels.eventCount()).toBe(1);
  return (await panels.eventRows().first().textContent()) ?? '';
}

test.afterEach(async ({ studio }) => restoreStudio(studio));

test('a microphone turn through a real STT is explained segment by segment, transcription inside the end of turn', async ({
  studio,
  openai,
  studioPage,
  page,
  pageProblems,
}) => {
  test.setTimeout(90_000);
  const before = openai.requests.length;
  const latency = await answerFirstMicTurn(studio, openai, studioPage, {
    provider: 'openai',
    model: 'whisper-1',
  });

  // Heard and answered through the test server, with the test key: the utterance uploaded as a WAV.
  const requests = openai.requests.slice(before);
  const stt = requests.filter((r) => r.endpoint === 'transcriptions');
  expect(stt.length).toBeGreaterThanOrEqual(1);
  expect(stt[0].authorization).toBe(`Bearer ${KEY}`);
  expect(stt[0].wav?.durationMs).toBeGreaterThan(0);
  expect(requests.some((r) => r.endpoint === 'chat')).toBe(true);
  expect(requests.some((r) => r.endpoint === 'speech')).toBe(true);

  const { segments } = await explainedTurn(latency, 'real STT');
  // The transcription delay sits inside the end-of-turn decision: both start when the user
  // stopped speaking, and the decision could not come before the words.
  const eot = segments.find((s) => s.kind === 'eot_decision')!;
  const transcription = segments.find((s) => s.kind === 'transcription');
  expect(transcription, 'a transcription delay segment').toBeDefined();
  expect(transcription!.startAt).toBe(eot.startAt);
  expect(transcription!.endAt).toBeLessThanOrEqual(eot.endAt);
  expect(transcription!.endAt).toBeGreaterThan(transcription!.startAt);

  // docs/screenshots/latency-timeline-mic.png (docs/latency-timeline.md) is copied from this one.
  await latency.screenshotPanel('latency-timeline-mic');

  // The end-of-utterance metric measures the same wait, from the user's last speech to the
  // decision: it cannot be shorter than the transcription delay (the decision waited for the
  // words) nor longer than the decision's segment (which ends when the turn's task took it).
  // Whole milliseconds on both sides, hence the 1 ms of rounding.
  const line = await eouLineOf(latency, new PanelsPage(page));
  const eouMs = Number(/end-of-utterance ([\d,]+) ms/.exec(line)?.[1].replace(/,/g, ''));
  expect(eouMs, line).toBeGreaterThanOrEqual(transcription!.endAt - transcription!.startAt - 1);
  expect(eouMs, line).toBeLessThanOrEqual(eot.endAt - eot.startAt + 1);

  expect((await studioPage.stop()).ok).toBe(true);
  expect(pageProblems).toEqual([]);
});

test('a microphone turn on the simulated STT (VAD only) is explained too, and its unmeasured EOU is not shown as 0 ms', async ({
  studio,
  openai,
  studioPage,
  page,
  pageProblems,
}) => {
  test.setTimeout(90_000);
  const before = openai.requests.length;
  const latency = await answerFirstMicTurn(studio, openai, studioPage, { provider: 'simulated' });
  expect(openai.requests.slice(before).some((r) => r.endpoint === 'transcriptions')).toBe(false);

  const { segments } = await explainedTurn(latency, 'VAD only');
  // No final transcript: no transcription segment, and the decision still starts at the user's stop.
  expect(segments.some((s) => s.kind === 'transcription')).toBe(false);
  const line = await eouLineOf(latency, new PanelsPage(page));
  expect(line).toContain(
    'end-of-utterance not measured (no final transcript; reported as 0 ms, as LiveKit does)',
  );
  await latency.screenshotPanel('latency-timeline-mic-vad-only');

  expect((await studioPage.stop()).ok).toBe(true);
  expect(pageProblems).toEqual([]);
});
