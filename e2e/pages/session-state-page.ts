/**
 * Page object of issue 10.3, "state is never stale": the header's phase (with its end reason and
 * whether a recording is shown), the elapsed clock, which session controls are enabled, and the
 * misuse notes shown next to a control. Selectors are data-testids only.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { StudioPage } from './studio-page';

/** The session controls whose enabled state follows the phase. */
export const SESSION_BUTTONS = [
  'start-button',
  'stop-button',
  'send-button',
  'say-button',
  'generate-reply-button',
  'interrupt-button',
] as const;
export type SessionButton = (typeof SESSION_BUTTONS)[number];

export class SessionStatePage {
  readonly page: Page;
  readonly phase: Locator;
  readonly elapsed: Locator;
  readonly elapsedValue: Locator;

  constructor(readonly studio: StudioPage) {
    this.page = studio.page;
    this.phase = this.page.getByTestId('session-phase');
    this.elapsed = this.page.getByTestId('elapsed');
    this.elapsedValue = this.page.getByTestId('elapsed-value');
  }

  button(id: SessionButton): Locator {
    return this.page.getByTestId(id);
  }

  /** The misuse note next to a control (`send`, `start`, …). */
  inlineNotice(control: string): Locator {
    return this.page.getByTestId(`inline-notice-${control}`);
  }

  /** Exactly these buttons are enabled, the others disabled. */
  async expectEnabled(enabled: readonly SessionButton[]): Promise<void> {
    for (const id of SESSION_BUTTONS) {
      if (enabled.includes(id)) await expect(this.button(id), `${id} enabled`).toBeEnabled();
      else await expect(this.button(id), `${id} disabled`).toBeDisabled();
    }
  }

  /**
   * Starts recording every text the header's phase shows, for phases too brief to poll
   * (`stopping` lasts as long as the stop). Written as a string: the e2e project has no DOM types.
   */
  async recordPhases(): Promise<void> {
    await this.page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="session-phase"]');
      window.__studioPhases = [el.textContent];
      new MutationObserver(() => {
        const text = el.textContent;
        if (window.__studioPhases[window.__studioPhases.length - 1] !== text) window.__studioPhases.push(text);
      }).observe(el, { childList: true, characterData: true, subtree: true });
    })()`);
  }

  async recordedPhases(): Promise<string[]> {
    return this.page.evaluate<string[]>('window.__studioPhases');
  }
}
