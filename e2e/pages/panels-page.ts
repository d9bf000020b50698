/**
 * Page object of the session controls' extras and the right pane's views: chat context, tool
 * inspector and event log. Selectors are data-testids only.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type InspectorTab = 'chat' | 'tools' | 'events';

export class PanelsPage {
  readonly chat: Locator;
  readonly toolInspector: Locator;
  readonly eventLog: Locator;
  readonly agentState: Locator;
  readonly userState: Locator;
  readonly ptt: Locator;

  constructor(readonly page: Page) {
    this.chat = page.getByTestId('chat-context');
    this.toolInspector = page.getByTestId('tool-inspector');
    this.eventLog = page.getByTestId('event-log');
    this.agentState = page.getByTestId('session-agent-state');
    this.userState = page.getByTestId('session-user-state');
    this.ptt = page.getByTestId('ptt-indicator');
  }

  async openTab(tab: InspectorTab): Promise<void> {
    await this.page.getByTestId(`inspector-tab-${tab}`).click();
    await expect(this.page.getByTestId(`inspector-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
  }

  /** Picks the input mode and waits until main's config says so. */
  async setInputMode(mode: 'microphone' | 'livekit' | 'simulated' | 'text'): Promise<void> {
    const select = this.page.getByTestId('input-mode-select');
    await expect(select).toBeEnabled();
    await select.selectOption(mode);
    await expect(select).toBeEnabled();
    await expect(select).toHaveValue(mode);
  }

  chatMessages(role?: 'user' | 'assistant'): Locator {
    const base = '[data-testid="chat-item"][data-kind="message"]';
    return this.page.locator(role ? `${base}[data-role="${role}"]` : base);
  }

  toolCallItems(): Locator {
    return this.page.getByTestId('tool-call-item');
  }

  eventRows(): Locator {
    return this.page.getByTestId('event-row');
  }

  async filterEvents(choice: string): Promise<void> {
    await this.page.getByTestId('event-log-type-filter').selectOption(choice);
  }

  async searchEvents(text: string): Promise<void> {
    await this.page.getByTestId('event-log-search').fill(text);
  }

  /** Matching events as the log counts them (not only the rows in view). */
  async eventCount(): Promise<number> {
    return Number(await this.page.getByTestId('event-log-count').getAttribute('data-count'));
  }

  async eventTotal(): Promise<number> {
    return Number(await this.page.getByTestId('event-log-count').getAttribute('data-total'));
  }

  /** The distinct types among the rows currently rendered. */
  async renderedTypes(): Promise<string[]> {
    const types = await this.eventRows().evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('data-type') ?? ''),
    );
    return [...new Set(types)];
  }
}
