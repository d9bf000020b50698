/**
 * Page object of the per-turn latency timeline (the "Latency per turn" panel): the turn
 * selector, the coverage line, the segment bars and table, and the main timeline's selection
 * that a click on a segment moves.
 */
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { SCREENSHOT_DIR, type StudioPage } from './studio-page';

export interface SegmentInfo {
  kind: string;
  startAt: number;
  endAt: number;
  label: string;
}

export class LatencyPage {
  readonly page: Page;
  readonly panel: Locator;
  readonly turnSelect: Locator;
  readonly coverageLine: Locator;
  readonly segments: Locator;
  /** The main timeline's body: it carries the selected range as data-selection-* attributes. */
  readonly timelineBody: Locator;

  constructor(readonly studio: StudioPage) {
    this.page = studio.page;
    this.panel = this.page.getByTestId('latency-waterfall');
    this.turnSelect = this.page.getByTestId('waterfall-turn-select');
    this.coverageLine = this.page.getByTestId('latency-coverage');
    this.segments = this.panel.getByTestId('latency-segment');
    this.timelineBody = this.page.getByTestId('timeline').locator('.timeline-body');
  }

  async turnCount(): Promise<number> {
    return Number((await this.panel.getAttribute('data-turns')) ?? 0);
  }

  /** The shown turn's coverage (0–1), null while it has no audio. */
  async coverage(): Promise<number | null> {
    const v = await this.panel.getAttribute('data-coverage');
    return v ? Number(v) : null;
  }

  async e2eMs(): Promise<number | null> {
    const v = await this.panel.getAttribute('data-e2e-ms');
    return v ? Number(v) : null;
  }

  /**
   * Picks the turn whose option text matches (e.g. /Turn 2 /). Selected by the option's value
   * (the turn's reply id), not its text: the text changes while the turn goes on ("no audio"
   * becomes its silence, tags appear), and selectOption waits, without a timeout of its own, for
   * an option with the text it was given.
   */
  async selectTurn(label: RegExp): Promise<void> {
    const options = await this.turnSelect.locator('option').all();
    for (const o of options) {
      const text = (await o.textContent()) ?? '';
      const value = await o.getAttribute('value');
      if (label.test(text) && value) {
        await this.turnSelect.selectOption({ value });
        return;
      }
    }
    throw new Error(`no turn option matches ${label}`);
  }

  segment(kind: string): Locator {
    return this.panel.locator(`[data-testid="latency-segment"][data-kind="${kind}"]`);
  }

  async segmentInfos(): Promise<SegmentInfo[]> {
    return this.segments.evaluateAll((els) =>
      els.map((el) => ({
        kind: el.getAttribute('data-kind') ?? '',
        startAt: Number(el.getAttribute('data-start-at')),
        endAt: Number(el.getAttribute('data-end-at')),
        label: el.getAttribute('aria-label') ?? '',
      })),
    );
  }

  /**
   * Waits for the first turn, shows it, and reads what explains it (logged under `what`): its
   * silence (e2e ms), the share in named segments, and the segments.
   */
  async firstTurn(what: string): Promise<{ e2eMs: number; coverage: number; segments: SegmentInfo[] }> {
    await expect.poll(() => this.turnCount(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await this.selectTurn(/^Turn 1 /);
    await expect.poll(() => this.e2eMs(), { timeout: 30_000 }).not.toBeNull();
    const e2eMs = (await this.e2eMs())!;
    const coverage = (await this.coverage())!;
    const segments = await this.segmentInfos();
    console.log(
      `${what}: ${e2eMs} ms, coverage ${coverage}; ` +
        segments.map((s) => `${s.kind} ${s.startAt}→${s.endAt}`).join(', '),
    );
    return { e2eMs, coverage, segments };
  }

  /** The range the main timeline shows as selected, session ms; null when none. */
  async timelineSelection(): Promise<{ startMs: number; endMs: number } | null> {
    const start = await this.timelineBody.getAttribute('data-selection-start-ms');
    const end = await this.timelineBody.getAttribute('data-selection-end-ms');
    return start === null || end === null ? null : { startMs: Number(start), endMs: Number(end) };
  }

  /** Saves the panel under test-results/screenshots/NAME.png. */
  async screenshotPanel(name: string): Promise<string> {
    const path = resolve(SCREENSHOT_DIR, `${name}.png`);
    await this.panel.screenshot({ path });
    return path;
  }
}
