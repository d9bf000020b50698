/**
 * Timeline polish and the shell's layout (issue 10.7) at the window sizes a laptop gives:
 * 1024 x 640 (side panes narrow, either collapses to a rail, no horizontal overflow, the hover
 * tooltip stays inside the window) and 1280 x 720 (the latency waterfall is one click away).
 * The timeline follows a new session, never starts before the session when zoomed out, and
 * shows where the session ended. Events are recorded fixtures injected through the test hook.
 */
import { expect, test } from '../fixtures/test';
import { type FixtureEvent, loadFixture, TimelinePage } from '../pages/timeline-page';

type View = { startMs: number; msPerPx: number; widthPx: number; follow: boolean };
type Hook = {
  __studioTest: {
    injectEvents(events: FixtureEvent[], sessionId?: string): number;
    view(): View | null;
    zoom(factor: number): void;
  };
};

async function injectAs(timeline: TimelinePage, events: FixtureEvent[], sessionId: string): Promise<void> {
  for (let i = 0; i < events.length; i += 100) {
    const batch = events.slice(i, i + 100);
    await timeline.page.evaluate(
      ([b, id]) => (globalThis as unknown as Hook).__studioTest.injectEvents(b, id),
      [batch, sessionId] as const,
    );
  }
}

async function view(timeline: TimelinePage): Promise<View> {
  const v = await timeline.view();
  if (!v) throw new Error('timeline not mounted');
  return v;
}

/** The demo fixture, closed by the user 100 ms after its last event. */
async function closedDemo(): Promise<FixtureEvent[]> {
  const events = await loadFixture('demo');
  const endT = events[events.length - 1].t + 100;
  return [...events, { type: 'close', t: endT, reason: 'user_initiated', error: null }];
}

test.describe('timeline and layout at 1024 x 640', () => {
  test.use({ viewport: { width: 1024, height: 640 } });

  test('the panes fit without horizontal scrolling; either side pane collapses to a rail', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    await injectAs(timeline, await closedDemo(), 'layout-1024');
    await timeline.fit();
    // The e2e project has no DOM types: the page's document as far as this test reads it.
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: Record<string, number> } })
        .document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    const plotWidth = async () => (await view(timeline)).widthPx;
    const before = await plotWidth();
    expect(before).toBeGreaterThan(350);
    await expect(page.getByTestId('pane-left')).toBeVisible();
    await expect(page.getByTestId('pane-right')).toBeVisible();
    await studioPage.screenshot('layout-1024x640');

    await page.getByTestId('pane-toggle-right').click();
    await expect(page.getByTestId('pane-toggle-right')).toHaveAttribute('aria-expanded', 'false');
    await page.getByTestId('pane-toggle-left').click();
    await expect.poll(plotWidth).toBeGreaterThan(before + 300);
    const right = await page.getByTestId('pane-right').boundingBox();
    expect(right?.width).toBeLessThan(40);
    await studioPage.screenshot('layout-1024x640-panes-collapsed');
    // Opened again, the controls are where they were.
    await page.getByTestId('pane-toggle-left').click();
    await expect(page.getByTestId('pane-toggle-left')).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('pane-left').getByRole('button', { name: /start/i }).first()).toBeVisible();
    expect(pageProblems).toEqual([]);
  });

  test('the hover tooltip stays inside the window at the right and bottom edges', async ({
    studioPage,
    page,
  }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    await injectAs(timeline, await closedDemo(), 'tooltip-1024');
    await timeline.fit();
    const viewport = page.viewportSize()!;
    const endT = (await loadFixture('demo')).at(-1)!.t + 100;
    const canvas = timeline.root.locator('canvas');
    // Near the session's end (the right edge after Fit): the end mark and the agent's last state,
    // with the timeline's bottom at the window's bottom, then its top at the pane's top.
    for (const [lane, t, block] of [
      ['markers', endT, 'end'],
      ['agent', endT - 300, 'end'],
      ['agent', endT - 300, 'start'],
    ] as const) {
      // The center pane scrolls (not the lanes inside the timeline's clipped body).
      await timeline.root.evaluate((el, b) => el.scrollIntoView({ block: b }), block);
      const v = await view(timeline);
      const plot = (await canvas.boundingBox())!;
      const shown = (await timeline.lane(lane).boundingBox())!;
      await page.mouse.move(plot.x + (t - v.startMs) / v.msPerPx, shown.y + shown.height / 2);
      await expect(timeline.tooltip).toHaveAttribute('data-lane', lane);
      await expect(timeline.tooltip).toHaveCSS('visibility', 'visible');
      const tip = (await timeline.tooltip.boundingBox())!;
      expect(tip.x).toBeGreaterThanOrEqual(0);
      expect(tip.y).toBeGreaterThanOrEqual(0);
      expect(tip.x + tip.width).toBeLessThanOrEqual(viewport.width);
      expect(tip.y + tip.height).toBeLessThanOrEqual(viewport.height);
      if (lane === 'markers') await studioPage.screenshot('timeline-tooltip-edge-1024x640');
    }
  });

  test('a new session follows live; zoomed out the view never starts before the session; the end shows', async ({
    studioPage,
  }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    await timeline.clear();
    const events = await closedDemo();
    await injectAs(timeline, events, 'session-a');
    // Following, the end of the session is in view (the close line and its label) in the frame
    // that drew it; the view read before that frame is the one placed for the previous batch.
    await timeline.drawn(events.length);
    let v = await view(timeline);
    expect(v.follow).toBe(true);
    const endT = events[events.length - 1].t;
    const endX = (endT - v.startMs) / v.msPerPx;
    expect(endX).toBeGreaterThanOrEqual(0);
    expect(endX).toBeLessThanOrEqual(v.widthPx);

    // Zoomed far out while following: the view starts at the session's start, not before it.
    await timeline.page.evaluate(() => (globalThis as unknown as Hook).__studioTest.zoom(0.05));
    await expect.poll(async () => (await view(timeline)).startMs).toBe(0);
    await timeline.screenshotOf(timeline.root, 'timeline-zoomed-out');

    // The user pans back: following stops...
    await timeline.drag(250);
    await expect(timeline.followButton).toHaveAttribute('data-state', 'off');
    // ...and a new session turns it on again, its start in view.
    await injectAs(timeline, events.slice(0, 200), 'session-b');
    await expect(timeline.followButton).toHaveAttribute('data-state', 'on');
    // The button turns on with the store; the view moves to the new session in the next frame.
    await timeline.drawn(200);
    v = await view(timeline);
    expect(v.startMs).toBeGreaterThanOrEqual(0);
    const liveX = (events[199].t - v.startMs) / v.msPerPx;
    expect(liveX).toBeGreaterThanOrEqual(0);
    expect(liveX).toBeLessThanOrEqual(v.widthPx);
    await timeline.screenshotOf(timeline.root, 'timeline-new-session-follows');
  });
});

test.describe('layout at 1280 x 720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the latency waterfall is reachable from the center pane', async ({ studioPage, page }) => {
    const timeline = new TimelinePage(studioPage);
    await timeline.open();
    await injectAs(timeline, await loadFixture('demo'), 'waterfall-1280');
    await page.getByTestId('center-nav-latency-waterfall').click();
    await expect(timeline.waterfall).toBeInViewport();
    await expect(page.getByTestId('center-nav')).toBeInViewport();
    await studioPage.screenshot('layout-1280x720-waterfall');
    await page.getByTestId('center-nav-timeline').click();
    await expect(timeline.root).toBeInViewport();
  });
});
