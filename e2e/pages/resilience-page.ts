/**
 * Page object of issue 5's "Bad input" checks: what the view holds (lanes, speech queue, chat),
 * read as one snapshot so a reload can be compared with what was there before, and whether the
 * main view still has its panes (a blank screen has none).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { LANE_IDS, type LaneName, type TimelinePage } from './timeline-page';

export interface ViewSnapshot {
  lanes: Record<LaneName, number>;
  speechIds: string[];
  chatItems: number;
}

export class ResiliencePage {
  readonly page: Page;
  readonly chatItems: Locator;

  constructor(readonly timeline: TimelinePage) {
    this.page = timeline.page;
    this.chatItems = this.page.getByTestId('chat-item');
  }

  async snapshot(): Promise<ViewSnapshot> {
    const lanes = {} as Record<LaneName, number>;
    for (const id of LANE_IDS) lanes[id] = await this.timeline.laneCount(id);
    const speechIds = await this.timeline
      .speechBars()
      .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-speech-id') ?? ''))]);
    return { lanes, speechIds, chatItems: await this.chatItems.count() };
  }

  /** Opens a collapsed section of the config editor (`providers`, …) so its fields can be edited. */
  async openConfigSection(key: string): Promise<void> {
    const section = this.page.getByTestId(`config-section-${key}`);
    if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
    await expect(section).toHaveAttribute('open', '');
  }

  /** The studio's panes are all there: not a blank page. */
  async expectPanes(): Promise<void> {
    for (const id of ['app', 'timeline', 'config-editor', 'connection-status', 'session-phase', 'text-input'])
      await expect(this.page.getByTestId(id), `pane ${id}`).toBeVisible();
  }
}
