/**
 * The timeline, speech queue, waterfall and charts fed with real engine events: fixtures
 * recorded from the acceptance scenarios (scripts/gen-event-fixtures.ts) and injected through
 * the test hook as main would push them.
 */
import { expect, test } from '../fixtures/test';
import { LANE_IDS, TimelinePage } from '../pages/timeline-page';

test.describe('timeline with recorded events', () => {
  test('every lane fills, the speech queue shows an interrupted speech and resumed false interruptions', async ({
    studioPage,
    pageProblems,
  }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    // Main may still hold the previous spec's session; injected events start a session of their own.
    const count = await timeline.injectFixture('demo');
    expect(count).toBeGreaterThan(500);
    await expect(studioPage.page.getByTestId('timeline-placeholder')).toHaveCount(0);
    await timeline.fit();

    for (const id of LANE_IDS)
      await expect.poll(() => timeline.laneCount(id), { message: `lane-${id}` }).toBeGreaterThan(0);
    await expect(timeline.lane('agent')).toHaveAttribute('data-state', 'listening');
    await expect(timeline.lane('vad')).toHaveAttribute('data-threshold', '0.5');

    await expect(timeline.speechBars('interrupted').first()).toBeAttached();
    const interrupted = timeline.speechBars('interrupted').first();
    await expect(interrupted).toHaveAttribute('data-cause', 'vad');
    await expect(interrupted).toHaveAttribute('data-source', 'generate_reply');
    expect(await timeline.speechBars().count()).toBeGreaterThanOrEqual(9);
    await expect(timeline.interruptionMarks('resumed')).toHaveCount(2);
    await expect(timeline.interruptionMarks('interrupted')).toHaveCount(1);

    await timeline.screenshotOf(timeline.root, 'timeline');
    expect(pageProblems).toEqual([]);
  });

  test('hovering shows the details under the cursor', async ({ studioPage }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    await timeline.injectFixture('04-vad-interruption-without-resume');
    await timeline.fit();
    await timeline.hover(timeline.speechBars('interrupted').first());
    await expect(timeline.tooltip).toBeVisible();
    await expect(timeline.tooltip).toHaveAttribute('data-lane', 'speech-queue');
    await expect(timeline.tooltip).toContainText('interrupted by vad');
    await expect(timeline.tooltip).toContainText('Here is a long story');
    await timeline.hover(timeline.lane('agent'));
    await expect(timeline.tooltip).toContainText(/Agent: (listening|thinking|speaking)/);
    await studioPage.page.mouse.move(0, 0);
    await expect(timeline.tooltip).toHaveCount(0);
  });

  test('clicking a tool call selects it for the inspector', async ({ studioPage }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    await timeline.injectFixture('demo');
    await timeline.fit();
    const tool = timeline.toolCalls().first();
    await expect(tool).toHaveAttribute('data-name', 'get_weather');
    await expect(tool).toHaveAttribute('data-selected', 'false');
    await tool.click();
    await expect(tool).toHaveAttribute('data-selected', 'true');
    const callId = await tool.getAttribute('data-call-id');
    // The inspector is another panel; when it is there it must show the selected call.
    const inspector = studioPage.page.getByTestId('tool-inspector');
    if ((await inspector.count()) > 0) await expect(inspector).toContainText('get_weather');
    const errorTool = timeline.toolCalls().and(studioPage.page.locator('[data-state="error"]'));
    await errorTool.click();
    await expect(errorTool).toHaveAttribute('data-selected', 'true');
    await expect(
      timeline.toolCalls().and(studioPage.page.locator(`[data-call-id="${callId}"]`)),
    ).toHaveAttribute('data-selected', 'false');
  });

  test('zoom, pan and follow live', async ({ studioPage }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    await timeline.injectFixture('demo');
    await expect(timeline.followButton).toHaveAttribute('data-state', 'on');
    const initial = await timeline.windowMs();
    expect(initial).toBe(20_000);
    await studioPage.page.getByTestId('timeline-zoom-in').click();
    await expect.poll(() => timeline.windowMs()).toBeLessThan(initial);
    await studioPage.page.getByTestId('timeline-zoom-out').click();
    await studioPage.page.getByTestId('timeline-zoom-out').click();
    await expect.poll(() => timeline.windowMs()).toBeGreaterThan(initial);

    // Wheel over the lanes zooms too.
    const before = await timeline.windowMs();
    await timeline.hover(timeline.lane('agent'));
    await studioPage.page.mouse.wheel(0, -300);
    await expect.poll(() => timeline.windowMs()).toBeLessThan(before);

    // Following keeps the newest event in view; dragging back in time stops following.
    const followed = (await timeline.view())!;
    await timeline.drag(300);
    await expect(timeline.followButton).toHaveAttribute('data-state', 'off');
    const panned = (await timeline.view())!;
    expect(panned.startMs).toBeLessThan(followed.startMs);
    await timeline.followButton.click();
    await expect(timeline.followButton).toHaveAttribute('data-state', 'on');
    await expect.poll(async () => (await timeline.view())!.startMs).toBeCloseTo(followed.startMs, 0);

    await timeline.fit();
    await expect(timeline.followButton).toHaveAttribute('data-state', 'off');
    await expect.poll(() => timeline.windowMs()).toBeGreaterThan(60_000);
  });

  test('the latency timeline explains a turn segment by segment, and the charts cover the session', async ({
    studioPage,
  }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    await timeline.injectFixture('demo');
    await expect
      .poll(async () => Number(await timeline.waterfall.getAttribute('data-turns')))
      .toBeGreaterThanOrEqual(6);
    const select = studioPage.page.getByTestId('waterfall-turn-select');
    // Turn 2 is scenario 04's first turn: 1 s of silence, every millisecond in a named segment.
    await select.selectOption({ index: 1 });
    await expect(timeline.waterfallPart('e2e')).toHaveAttribute('data-ms', '1000');
    await expect(timeline.waterfallPart('eot_decision')).toHaveAttribute('data-ms', '500');
    await expect(timeline.waterfallPart('transcription')).toHaveAttribute('data-ms', '200');
    await expect(timeline.waterfallPart('llm_ttft')).toHaveAttribute('data-ms', '100');
    await expect(timeline.waterfallPart('sentence_wait')).toHaveAttribute('data-ms', '200');
    await expect(timeline.waterfallPart('tts_ttfb')).toHaveAttribute('data-ms', '200');
    await expect(timeline.waterfallPart('gap')).toHaveCount(0);
    await expect(timeline.waterfall).toHaveAttribute('data-coverage', '1.0000');
    // One bar per segment: decision, transcription, LLM first token and streaming, sentence, TTS.
    await expect(timeline.waterfall.getByTestId('latency-segment')).toHaveCount(6);
    await timeline.screenshotOf(timeline.waterfall, 'latency-waterfall');

    await expect(
      timeline.metricsCharts.locator('[data-testid="chart-latency"] .recharts-line').first(),
    ).toBeVisible();
    // Every turn is numbered, also the one without audio (turn 3: no point on the lines).
    await expect(
      timeline.metricsCharts.locator(
        '[data-testid="chart-latency"] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value',
      ),
    ).toHaveText(['1', '2', '3', '4', '5', '6', '7']);
    await expect(timeline.metricsCharts.locator('[data-testid="chart-tokens"]')).toBeVisible();
    // The scenario's LLM reports no token usage: said, not drawn as eight requests of 0 tokens.
    await expect(timeline.metricsCharts.getByTestId('chart-tokens-none')).toHaveText(
      'No token usage reported: scenario.FakeLLM sent none with its 8 requests.',
    );
    await timeline.screenshotOf(timeline.metricsCharts, 'metrics-charts');
    await studioPage.screenshot('timeline-main-view');
  });
});
