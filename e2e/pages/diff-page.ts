/**
 * Page object of the diff view (two runs, A above B, and a table per turn) and its entry point,
 * "Re-run with current config" in the replay header. Selectors are data-testids only.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { StudioPage } from './studio-page';

export interface TurnEndOfTurn {
  aMs: number | null;
  bMs: number | null;
  changed: boolean;
}

export class DiffPage {
  readonly page: Page;
  readonly view: Locator;
  readonly summary: Locator;
  readonly rows: Locator;
  readonly rerunButton: Locator;
  readonly close: Locator;

  constructor(readonly studio: StudioPage) {
    this.page = studio.page;
    this.view = this.page.getByTestId('diff-view');
    this.summary = this.page.getByTestId('diff-summary');
    this.rows = this.page.getByTestId('diff-turn-row');
    this.rerunButton = this.page.getByTestId('rerun-button');
    this.close = this.page.getByTestId('diff-close');
  }

  row(turn: number): Locator {
    return this.page.locator(`[data-testid="diff-turn-row"][data-turn="${turn}"]`);
  }

  lanes(run: 'a' | 'b'): Locator {
    return this.page.getByTestId(`diff-lanes-${run}`);
  }

  /** Re-runs the recording open in the replay and waits for the diff of it and the re-run. */
  async rerunWithCurrentConfig(): Promise<void> {
    await expect(this.rerunButton).toBeEnabled();
    await this.rerunButton.click();
    await expect(this.view).toHaveAttribute('data-phase', 'open', { timeout: 30_000 });
  }

  async endOfTurn(turn: number): Promise<TurnEndOfTurn> {
    const row = this.row(turn);
    const num = (v: string | null) => (v === null || v === '' ? null : Number(v));
    return {
      aMs: num(await row.getAttribute('data-eot-a-ms')),
      bMs: num(await row.getAttribute('data-eot-b-ms')),
      changed: (await row.getByTestId('diff-eot').getAttribute('data-changed')) === 'true',
    };
  }
}
