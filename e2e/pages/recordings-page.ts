/**
 * Page object of the recordings browser and the replay transport bar. Specs speak in user terms
 * (open a recording, seek by clicking a lane, delete); selectors are data-testids only.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { StudioPage } from './studio-page';
import { TimelinePage } from './timeline-page';

export class RecordingsPage {
  readonly page: Page;
  readonly root: Locator;
  readonly rows: Locator;
  readonly search: Locator;
  readonly transport: Locator;
  readonly playhead: Locator;
  readonly playButton: Locator;
  readonly speed: Locator;
  readonly closeReplay: Locator;
  readonly timeline: TimelinePage;

  constructor(readonly studio: StudioPage) {
    this.page = studio.page;
    this.root = this.page.getByTestId('recordings');
    this.rows = this.root.getByTestId('recording-row');
    this.search = this.root.getByTestId('recordings-search');
    this.transport = this.page.getByTestId('replay-transport');
    this.playhead = this.page.getByTestId('replay-playhead');
    this.playButton = this.page.getByTestId('replay-play');
    this.speed = this.page.getByTestId('replay-speed');
    this.closeReplay = this.page.getByTestId('replay-close');
    this.timeline = new TimelinePage(studio);
  }

  row(id: string): Locator {
    return this.root.locator(`[data-testid="recording-row"][data-recording-id="${id}"]`);
  }

  /** Opens a recording from its row and waits until every event is loaded. */
  async open(id: string): Promise<void> {
    await this.row(id).getByTestId('recording-open').click();
    await expect(this.transport).toHaveAttribute('data-recording-id', id);
    await this.waitLoaded();
  }

  async waitLoaded(): Promise<void> {
    await expect(this.playhead).toBeVisible();
    await expect
      .poll(async () => {
        const [loaded, total] = await Promise.all([
          this.transport.getAttribute('data-loaded'),
          this.transport.getAttribute('data-total'),
        ]);
        return Number(total) > 0 && loaded === total;
      })
      .toBe(true);
  }

  async playheadMs(): Promise<number> {
    return Number(await this.playhead.getAttribute('data-time-ms'));
  }

  /** Clicks a timeline lane at a fraction (0..1) of the plot's width. */
  async clickLane(lane: Parameters<TimelinePage['lane']>[0], fraction: number): Promise<void> {
    const plot = this.timeline.lane(lane).locator('.tl-lane-plot');
    const box = await plot.boundingBox();
    if (!box) throw new Error(`lane ${lane} is not visible`);
    await this.page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
  }

  /** Deletes a recording through its row, confirming. */
  async delete(id: string): Promise<void> {
    const row = this.row(id);
    await row.getByTestId('recording-delete').click();
    await row.getByTestId('recording-delete-confirm').click();
    await expect(row).toHaveCount(0);
  }
}
