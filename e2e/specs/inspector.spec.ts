/**
 * An inspector behind every mark (issue 10.4), in web mode: an event row opens its raw JSON with
 * Copy and moves the timeline's cursor to it; the log exports its filtered events as JSONL; a
 * demo turn's LLM request shows the chat context, tools, usage, TTFT and its cost from the
 * config's price table; a TTS request its text, voice, first byte and audio length; a timeline
 * mark opens its event. Bad input: a 1 MB tool output is cut until "show all", an event of a
 * type the studio does not know shows as raw JSON.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '../fixtures/test';
import {
  repoRoot,
  startStudioWeb,
  STUDIO_FIXTURE_TIMEOUT_MS,
  type RunningStudio,
} from '../fixtures/studio-server';
import { invokeStudio, restoreStudio } from '../pages/config-page';
import { InspectorPage } from '../pages/inspector-page';
import { RecordingsPage } from '../pages/recordings-page';
import { TimelinePage } from '../pages/timeline-page';

test.describe('inspector', () => {
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('event JSON with Copy and the cursor, JSONL export, LLM and TTS request inspectors on the demo', async ({
    studio,
    studioPage,
    page,
    pageProblems,
  }) => {
    test.setTimeout(90_000);
    const priced = await invokeStudio(studio, 'updateConfig', {
      config: { pricing: { scripted: { inputPerMTok: 0.15, outputPerMTok: 0.6 } } },
    });
    expect(priced.ok, JSON.stringify(priced)).toBe(true);
    const inspector = new InspectorPage(page);
    await studioPage.openConnected();
    await studioPage.startRunning();

    // Wait for a finished LLM request (the demo's first answered turn), then stop: a still list.
    await inspector.openTab('requests');
    const firstLlm = inspector.llmRows().first();
    await expect(firstLlm).toBeVisible({ timeout: 30_000 });
    await expect(firstLlm.locator('td').nth(4)).not.toHaveText('running', { timeout: 20_000 });
    await expect(inspector.ttsRows().first()).toBeVisible();
    await invokeStudio(studio, 'stopSession', { drain: false });
    await expect(studioPage.sessionPhase).not.toHaveText('running', { timeout: 15_000 });

    // LLM request inspector: what was sent, what came back, timing, usage and cost.
    await firstLlm.click();
    await expect(inspector.llm).toBeVisible();
    const chatItems = inspector.llm.getByTestId('llm-chat-item');
    expect(await chatItems.count()).toBeGreaterThanOrEqual(2);
    await expect(chatItems.first()).toHaveAttribute('data-kind', 'message');
    await expect(inspector.llm.getByTestId('llm-tools')).toContainText('get_weather');
    await expect(inspector.llm.getByTestId('llm-tool-choice')).toBeVisible();
    await expect(inspector.llm.getByTestId('llm-options')).toBeVisible();
    await expect(inspector.llm.getByTestId('llm-ttft')).toHaveText(/^[\d,.]+ (ms|s)$/);
    await expect(inspector.llm.getByTestId('llm-duration')).toHaveText(/^[\d,.]+ (ms|s)$/);
    await expect(inspector.llm.getByTestId('llm-usage')).toHaveText(
      /^[\d,]+ in \([\d,]+ cached\) · [\d,]+ out · [\d,]+ total$/,
    );
    await expect(inspector.llm.getByTestId('llm-cost')).toHaveText(/^\$0\.\d+$/);
    // The turn's sum, or — when another of its requests was cut off by the stop — why not.
    await expect(inspector.llm.getByTestId('turn-cost')).toHaveText(
      /^(\$0\.\d+|unknown — llm_req_\w+: (no token usage reported|request still running)) \(\d+ requests?\)$/,
    );
    await expect(inspector.llm.getByTestId('llm-response')).not.toBeEmpty();
    await studioPage.screenshot('inspector-llm-request');

    // TTS request inspector.
    await inspector.ttsRows().first().click();
    await expect(inspector.tts).toBeVisible();
    await expect(inspector.tts.getByTestId('tts-text')).not.toBeEmpty();
    await expect(inspector.tts.getByTestId('tts-voice')).not.toBeEmpty();
    await expect(inspector.tts.getByTestId('tts-ttfb')).toHaveText(/^[\d,.]+ (ms|s) after the request$/);
    await expect(inspector.tts.getByTestId('tts-audio-length')).toHaveText(/^[\d,.]+ (ms|s)$/);
    await studioPage.screenshot('inspector-tts-request');

    // An event row: its JSON opens below the log with Copy, and the cursor moves to its time.
    await inspector.openTab('events');
    const row = inspector.rows('speech_lifecycle').nth(2);
    const rowMs = await inspector.rowMs(row);
    await row.click();
    await expect(inspector.eventInspector).toBeVisible();
    expect(await inspector.shownJson()).toMatchObject({ type: 'speech_lifecycle' });
    await expect(row).toHaveAttribute('data-selected', 'true');
    await expect
      .poll(async () => Math.abs(((await inspector.cursorMs()) ?? -1e9) - rowMs))
      .toBeLessThanOrEqual(1);
    await inspector.copy.click();
    await expect(inspector.copy).toHaveAttribute('data-state', 'copied');
    await studioPage.screenshot('inspector-event-json');

    // A request event's JSON leads on to its request inspector.
    await page.getByTestId('event-log-type-filter').selectOption('llm_request');
    await page.getByTestId('event-log-order').selectOption('oldest');
    await inspector.rows('llm_request').first().click();
    await expect(inspector.json).toContainText('"chatContext"');
    await page.getByTestId('open-request-inspector').click();
    await expect(page.getByTestId('inspector-tab-requests')).toHaveAttribute('aria-selected', 'true');
    await expect(inspector.llm).toBeVisible();

    // Export: the filtered events, one parseable JSON object a line.
    await inspector.openTab('events');
    await page.getByTestId('event-log-type-filter').selectOption('tts_request');
    const count = Number(await page.getByTestId('event-log-count').getAttribute('data-count'));
    expect(count).toBeGreaterThan(0);
    const { name, lines } = await inspector.exportJsonl();
    expect(name).toMatch(/^events-live-.+\.jsonl$/);
    expect(lines).toHaveLength(count);
    const parsed = lines.map((l) => JSON.parse(l) as { type: string; t: number });
    expect(new Set(parsed.map((e) => e.type))).toEqual(new Set(['tts_request']));
    expect(parsed.map((e) => e.t)).toEqual([...parsed.map((e) => e.t)].sort((a, b) => a - b));

    // A timeline mark (a speech bar) opens its event and moves the cursor there.
    await page.getByTestId('event-inspector-close').click();
    const timeline = new TimelinePage(studioPage);
    await timeline.fit();
    await timeline.speechBars().first().click();
    await expect(page.getByTestId('inspector-tab-events')).toHaveAttribute('aria-selected', 'true');
    await expect(inspector.eventInspector).toBeVisible();
    const picked = await inspector.shownJson();
    expect(picked.type).toBe('speech_lifecycle');
    await expect.poll(() => inspector.cursorMs()).toBe(Math.round(picked.t as number));
    await studioPage.screenshot('inspector-timeline-mark');
    expect(pageProblems).toEqual([]);
  });

  test('bad input: a 1 MB tool output is cut until "show all"; an unknown event shows as raw JSON', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    const inspector = new InspectorPage(page);
    const big = 'x'.repeat(1_048_576);
    await timeline.inject([
      { type: 'agent_state_changed', oldState: 'initializing', newState: 'listening', t: 0 },
      {
        type: 'tool_execution',
        phase: 'start',
        callId: 'c1',
        name: 'dump',
        speechId: null,
        arguments: '{}',
        t: 100,
      },
      {
        type: 'tool_execution',
        phase: 'end',
        callId: 'c1',
        name: 'dump',
        speechId: null,
        arguments: '{}',
        output: big,
        isError: false,
        t: 250,
      },
      { type: 'from_a_newer_studio', t: 400, detail: { nested: [1, 2, 3] } },
    ]);
    await inspector.openTab('events');
    await page.getByTestId('event-log-type-filter').selectOption('all');

    await inspector.rows('tool_execution').first().click();
    await expect(inspector.eventInspector).toBeVisible();
    const shown = (await inspector.json.textContent()) ?? '';
    expect(shown.length).toBeLessThan(5_000);
    expect(shown).toContain('1,046,576 chars more — show all');
    await studioPage.screenshot('inspector-long-output');
    await inspector.eventInspector.getByTestId('json-show-all').click();
    await expect
      .poll(async () => ((await inspector.json.textContent()) ?? '').length)
      .toBeGreaterThan(1_048_576);
    // The page still answers.
    await inspector.openTab('chat');
    await inspector.openTab('events');
    await page.getByTestId('event-log-type-filter').selectOption('all');

    await page.getByTestId('event-log-search').fill('from_a_newer_studio');
    await inspector.rows('from_a_newer_studio').click();
    const fallback = page.getByTestId('inspector-raw-fallback');
    await expect(fallback).toBeVisible();
    await expect(fallback).toContainText('No view for “from_a_newer_studio”');
    await expect(fallback.getByTestId('json-view')).toContainText('"nested"');
    expect(pageProblems).toEqual([]);
  });
});

/** A server whose recordings folder holds the fixture recordings (made before request payloads). */
const withRecordings = test.extend<object, { studio: RunningStudio }>({
  studio: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-inspector-'));
      cpSync(resolve(repoRoot, 'e2e', 'fixtures', 'recordings'), dir, { recursive: true });
      const studio = await startStudioWeb({ env: { STUDIO_RECORDINGS_DIR: dir } });
      await use(studio);
      await studio.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: STUDIO_FIXTURE_TIMEOUT_MS },
  ],
});

withRecordings(
  'a replayed recording is inspectable; one from before request payloads says what it lacks',
  async ({ studioPage, page, pageProblems }) => {
    const recordings = new RecordingsPage(studioPage);
    const inspector = new InspectorPage(page);
    await studioPage.openConnected();
    await recordings.open('20260101-120000-session_e2edemo');
    await inspector.openTab('requests');
    await inspector.llmRows().first().click();
    await expect(inspector.llm).toBeVisible();
    await expect(inspector.llm.getByTestId('llm-request-not-recorded')).toBeVisible();
    await expect(inspector.llm.getByTestId('llm-ttft')).toHaveText('100 ms');
    await expect(inspector.llm.getByTestId('llm-cost')).toHaveText(/^unknown — /);
    // The pick moved the replay's playhead to the request's start.
    await expect.poll(() => recordings.playheadMs()).toBe(3000);
    await studioPage.screenshot('inspector-replay-request');
    expect(pageProblems).toEqual([]);
  },
);
