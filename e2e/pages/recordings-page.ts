/**
 * Page object of the recordings browser and the replay transport bar. Specs speak in user terms
 * (open a recording, seek by clicking a lane, delete); selectors are data-testids only.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { StudioPage } from './studio-page';
import { TimelinePage } from './timeline-page';

/** One reading of the replay: the playhead and the audio being heard, taken in one frame. */
export interface SyncSample {
  playheadMs: number;
  /** Null while nothing is heard (not playing, a gap between audio windows). */
  audioMs: number | null;
}

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
  readonly refreshButton: Locator;
  readonly compareButton: Locator;
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
    this.refreshButton = this.root.getByTestId('recordings-refresh');
    this.compareButton = this.root.getByTestId('compare-button');
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

  /** The row's "compare" box. */
  compareBox(id: string): Locator {
    return this.row(id).getByTestId('recording-compare');
  }

  /**
   * Drags the playhead's thumb to event time `ms` as a user scrubs (the slider is a few hundred
   * px for the whole recording, so it lands within a pixel's worth of ms), and answers where it
   * landed.
   */
  async scrubTo(ms: number): Promise<number> {
    const box = await this.playhead.boundingBox();
    if (!box) throw new Error('the playhead is not visible');
    const [start, end] = await Promise.all([
      this.playhead.getAttribute('data-start-ms'),
      this.playhead.getAttribute('data-end-ms'),
    ]);
    const span = Number(end) - Number(start);
    // Chromium's range thumb is 16 px wide: its center runs from 8 px to width - 8 px.
    const thumb = 16;
    const xAt = (t: number) => box.x + thumb / 2 + ((t - Number(start)) / span) * (box.width - thumb);
    const y = box.y + box.height / 2;
    await this.page.mouse.move(xAt(await this.playheadMs()), y);
    await this.page.mouse.down();
    await this.page.mouse.move(xAt(ms), y, { steps: 8 });
    await this.page.mouse.up();
    return this.playheadMs();
  }

  /** The playhead line's x on the page (the timeline draws it; its body says where). */
  async playheadLineX(): Promise<number> {
    const canvas = await this.timeline.root.locator('.timeline-canvas').boundingBox();
    const x = await this.timeline.body.getAttribute('data-playhead-x');
    if (!canvas || x === null) throw new Error('the timeline draws no playhead');
    return canvas.x + Number(x);
  }

  /** The playhead and the audio heard, read in one evaluation (one frame's values). */
  async syncSample(): Promise<SyncSample> {
    return this.page.evaluate(() => {
      // The e2e project has no DOM types: the little of it used here, structurally.
      type El = { dataset: Record<string, string | undefined> } | null;
      const doc = (globalThis as unknown as { document: { querySelector(s: string): El } }).document;
      const audio = doc.querySelector('[data-testid="replay-transport"]')?.dataset.audioMs;
      return {
        playheadMs: Number(doc.querySelector('[data-testid="replay-playhead"]')?.dataset.timeMs),
        audioMs: audio === undefined ? null : Number(audio),
      };
    });
  }

  /** Deletes a recording through its row, confirming. */
  async delete(id: string): Promise<void> {
    const row = this.row(id);
    await row.getByTestId('recording-delete').click();
    await row.getByTestId('recording-delete-confirm').click();
    await expect(row).toHaveCount(0);
  }
}
