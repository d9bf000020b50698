/**
 * Page object of the inspectors: the event JSON under the event log (Copy, show all), the log's
 * JSONL export, and the Requests tab's LLM and TTS request inspectors. Selectors are
 * data-testids only.
 */
import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';

export class InspectorPage {
  readonly eventInspector: Locator;
  readonly json: Locator;
  readonly copy: Locator;
  readonly exportButton: Locator;
  readonly requests: Locator;
  readonly llm: Locator;
  readonly tts: Locator;
  readonly timelineBody: Locator;

  constructor(readonly page: Page) {
    this.eventInspector = page.getByTestId('event-inspector');
    this.json = this.eventInspector.getByTestId('json-view');
    this.copy = this.eventInspector.getByTestId('copy-json');
    this.exportButton = page.getByTestId('event-log-export');
    this.requests = page.getByTestId('requests-panel');
    this.llm = page.getByTestId('llm-request-inspector');
    this.tts = page.getByTestId('tts-request-inspector');
    this.timelineBody = page.getByTestId('timeline').locator('.timeline-body');
  }

  async openTab(tab: 'events' | 'requests' | 'tools' | 'chat'): Promise<void> {
    await this.page.getByTestId(`inspector-tab-${tab}`).click();
    await expect(this.page.getByTestId(`inspector-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
  }

  rows(type?: string): Locator {
    const rows = this.page.getByTestId('event-row');
    return type ? rows.and(this.page.locator(`[data-type="${type}"]`)) : rows;
  }

  /** A row's event time in ms, read from its m:ss.mmm column. */
  async rowMs(row: Locator): Promise<number> {
    const [min, sec] = ((await row.locator('.event-time').textContent()) ?? '').split(':');
    return Number(min) * 60_000 + Math.round(Number(sec) * 1000);
  }

  /** The live cursor's time on the timeline (ms), or null when none is drawn. */
  async cursorMs(): Promise<number | null> {
    const v = await this.timelineBody.getAttribute('data-cursor-ms');
    return v === null ? null : Number(v);
  }

  /** The JSON shown, parsed. */
  async shownJson(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.json.textContent()) ?? 'null') as Record<string, unknown>;
  }

  /** Clicks Export JSONL and answers the downloaded file's name and lines. */
  async exportJsonl(): Promise<{ name: string; lines: string[] }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton.click()]);
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    return { name: download.suggestedFilename(), lines: text.slice(0, -1).split('\n') };
  }

  llmRows(): Locator {
    return this.page.getByTestId('llm-request-row');
  }

  ttsRows(): Locator {
    return this.page.getByTestId('tts-request-row');
  }
}
