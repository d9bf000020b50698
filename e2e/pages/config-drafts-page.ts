/**
 * Page object of issue 10.6, config editing that respects the user: switching a provider, the
 * "Reset to defaults" and "Reset to demo" buttons, and the Preemptive lane's hint. Builds on
 * ConfigPage (fields, Apply); selectors are data-testids only.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { ConfigPage } from './config-page';

export const PREEMPTIVE_OFF_HINT = 'preemptive generation is off (options.preemptiveGeneration)';

export class ConfigDraftsPage {
  readonly page: Page;
  readonly resetDefaultsButton: Locator;
  readonly resetDemoButton: Locator;
  readonly preemptiveHint: Locator;

  constructor(readonly config: ConfigPage) {
    this.page = config.page;
    this.resetDefaultsButton = this.page.getByTestId('config-reset-defaults');
    this.resetDemoButton = this.page.getByTestId('config-reset-demo');
    this.preemptiveHint = this.page.getByTestId('lane-preemptive').getByTestId('lane-hint-preemptive');
  }

  /** Opens a collapsed section of the editor (`providers`, …) so its fields can be edited. */
  async openSection(key: string): Promise<void> {
    const section = this.page.getByTestId(`config-section-${key}`);
    if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
    await expect(section).toHaveAttribute('open', '');
  }

  /** Picks a provider for a slot (`llm`, `tts`, …) in the editor; nothing is applied. */
  async selectProvider(slot: string, provider: string): Promise<void> {
    const select = this.config.field(`providers.${slot}.provider`);
    await select.selectOption(provider);
    await expect(select).toHaveValue(provider);
  }

  async resetToDefaults(): Promise<void> {
    await this.resetDefaultsButton.click();
    await expect(this.config.status).toHaveText('Defaults loaded: review, then Apply');
  }

  async resetToDemo(): Promise<void> {
    await expect(this.resetDemoButton).toBeEnabled();
    await this.resetDemoButton.click();
    await expect(this.config.status).toHaveText('Demo config loaded: review, then Apply');
  }
}
