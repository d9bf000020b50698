/**
 * Page object of the timeline, the latency waterfall and the metrics charts. Events come either
 * from a live session or from fixture files injected through the test-only hook
 * (`?studioTest=1` → `window.__studioTest`), batch by batch as main would push them.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { repoRoot } from '../fixtures/studio-server';
import { SCREENSHOT_DIR, type StudioPage } from './studio-page';

export const LANE_IDS = [
  'user',
  'vad',
  'transcript',
  'agent',
  'speech-queue',
  'llm-tts',
  'tools',
  'interruptions',
  'preemptive',
  'markers',
] as const;
export type LaneName = (typeof LANE_IDS)[number];

/** A recorded engine event as the fixtures hold it; the e2e project does not need the full type. */
export type FixtureEvent = { type: string; t: number } & Record<string, unknown>;

export async function loadFixture(name: string): Promise<FixtureEvent[]> {
  const text = await readFile(resolve(repoRoot, 'e2e', 'fixtures', `${name}.events.json`), 'utf8');
  return (JSON.parse(text) as { events: FixtureEvent[] }).events;
}

/** The hook's surface as the tests use it (the page's own type lives in the renderer). */
interface TestApi {
  injectEvents(events: FixtureEvent[], sessionId?: string): number;
  clearEvents(): void;
  frameStats(): { frames: number; medianMs: number; p95Ms: number; maxMs: number; total: number };
  resetFrameStats(): void;
  view(): { startMs: number; msPerPx: number; widthPx: number; follow: boolean } | null;
  fit(): void;
}
type WithHook = { __studioTest?: TestApi };

export class TimelinePage {
  readonly page: Page;
  readonly root: Locator;
  readonly body: Locator;
  readonly tooltip: Locator;
  readonly waterfall: Locator;
  readonly metricsCharts: Locator;
  readonly zoomReadout: Locator;
  readonly followButton: Locator;

  constructor(readonly studio: StudioPage) {
    this.page = studio.page;
    this.root = this.page.getByTestId('timeline');
    this.body = this.root.locator('.timeline-body');
    this.tooltip = this.page.getByTestId('timeline-tooltip');
    this.waterfall = this.page.getByTestId('latency-waterfall');
    this.metricsCharts = this.page.getByTestId('metrics-charts');
    this.zoomReadout = this.page.getByTestId('timeline-zoom');
    this.followButton = this.page.getByTestId('timeline-follow');
  }

  /** Opens the studio with the test hook on, connected and past its first getState. */
  async open(): Promise<void> {
    await this.studio.open(`${this.studio.studio.origin}/?studioTest=1`);
    await this.studio.waitReady();
    await expect(this.studio.sessionPhase).not.toHaveAttribute('data-value', /^(connecting|disconnected)$/);
    await expect
      .poll(() => this.page.evaluate(() => typeof (globalThis as WithHook).__studioTest))
      .toBe('object');
  }

  lane(id: LaneName): Locator {
    return this.page.getByTestId(`lane-${id}`);
  }

  async laneCount(id: LaneName): Promise<number> {
    return Number(await this.lane(id).getAttribute('data-count'));
  }

  /** Feeds events in batches the size main sends at the given rate (~50 ms of events each). */
  async inject(events: FixtureEvent[], batchSize = 50): Promise<number> {
    let count = 0;
    for (let i = 0; i < events.length; i += batchSize) {
      const batch = events.slice(i, i + batchSize);
      count = await this.page.evaluate((b) => (globalThis as WithHook).__studioTest!.injectEvents(b), batch);
    }
    return count;
  }

  async injectFixture(name: string): Promise<number> {
    return this.inject(await loadFixture(name));
  }

  async fit(): Promise<void> {
    await this.page.getByTestId('timeline-fit').click();
  }

  async windowMs(): Promise<number> {
    return Number(await this.zoomReadout.getAttribute('data-window-ms'));
  }

  /** The viewport of the last painted frame (the controller computes it per animation frame). */
  async view() {
    return this.page.evaluate(() => (globalThis as WithHook).__studioTest!.view());
  }

  /**
   * Waits for the animation frame that drew `count` events (it writes data-event-count after
   * placing the view for them). Read right after an injection, before that frame, `view()` is
   * still the previous frame's: following live, it ends before the events just injected. The
   * count must differ from what the timeline showed before (see `clear`).
   */
  async drawn(count: number): Promise<void> {
    await expect(this.body).toHaveAttribute('data-event-count', String(count));
  }

  /**
   * Empties the timeline and waits for the frame that shows it empty: the page opens on the
   * worker's last live session, whose event count a later `drawn` could otherwise match.
   */
  async clear(): Promise<void> {
    await this.page.evaluate(() => (globalThis as WithHook).__studioTest!.clearEvents());
    await this.drawn(0);
  }

  speechBars(state?: string): Locator {
    return this.page.locator(state ? `[data-speech-id][data-state="${state}"]` : '[data-speech-id]');
  }

  toolCalls(): Locator {
    return this.page.getByTestId('tool-call');
  }

  interruptionMarks(state?: string): Locator {
    const marks = this.page.getByTestId('interruption-mark');
    return state ? marks.and(this.page.locator(`[data-state="${state}"]`)) : marks;
  }

  /**
   * Moves the pointer over the middle of an element. Overlays follow a moving view a few frames
   * late, so the position is read until it holds still.
   */
  async hover(target: Locator): Promise<void> {
    let box = await target.boundingBox();
    for (let i = 0; i < 20; i++) {
      await this.page.waitForTimeout(120);
      const next = await target.boundingBox();
      if (box && next && next.x === box.x && next.y === box.y && next.width === box.width) break;
      box = next;
    }
    if (!box) throw new Error('hover target is not visible');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** Drags across the plot by dx pixels, starting at its center. */
  async drag(dx: number): Promise<void> {
    const box = await this.lane('agent').boundingBox();
    if (!box) throw new Error('timeline not visible');
    const x = box.x + box.width * 0.6;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y, { steps: 4 });
    await this.page.mouse.move(x + dx, y, { steps: 4 });
    await this.page.mouse.up();
  }

  waterfallPart(key: string): Locator {
    return this.waterfall.locator(`[data-testid="waterfall-part"][data-key="${key}"]`);
  }

  async screenshotOf(target: Locator, name: string): Promise<string> {
    const path = resolve(SCREENSHOT_DIR, `${name}.png`);
    await target.screenshot({ path });
    return path;
  }
}
