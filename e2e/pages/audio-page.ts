/**
 * Page object of the studio's audio: the input mode, the microphone's state, the speakers'
 * mute toggle and the counters it carries, and the user state in the header. Selectors are
 * data-testids only.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type MicUiState = 'off' | 'starting' | 'live' | 'denied' | 'missing' | 'failed';

export class AudioPage {
  readonly mute: Locator;
  readonly level: Locator;
  readonly mic: Locator;
  readonly headerUserState: Locator;

  constructor(readonly page: Page) {
    this.mute = page.getByTestId('audio-mute');
    this.level = page.getByTestId('audio-level');
    this.mic = page.getByTestId('mic-status');
    this.headerUserState = page.getByTestId('user-state');
  }

  /** Picks the input mode and waits until main's config says so. */
  async setInputMode(mode: 'microphone' | 'livekit' | 'simulated' | 'text'): Promise<void> {
    const select = this.page.getByTestId('input-mode-select');
    await expect(select).toBeEnabled();
    await select.selectOption(mode);
    await expect(select).toBeEnabled();
    await expect(select).toHaveValue(mode);
  }

  async waitForMic(state: MicUiState, timeout?: number): Promise<void> {
    await expect(this.mic).toHaveAttribute('data-state', state, timeout === undefined ? {} : { timeout });
  }

  /** Audio chunks the speakers received from main. */
  async chunksReceived(): Promise<number> {
    return Number((await this.mute.getAttribute('data-chunks')) ?? '0');
  }

  async playedMs(): Promise<number> {
    return Number((await this.mute.getAttribute('data-played-ms')) ?? '0');
  }

  /** Microphone chunks main accepted. */
  async micChunksSent(): Promise<number> {
    return Number((await this.mic.getAttribute('data-chunks')) ?? '0');
  }

  /**
   * Records every value the header's user state takes, and the highest speaker level seen, in
   * the page: a user turn can be shorter than a poll. Written as a string: the e2e project
   * compiles without DOM types.
   */
  async recordUserStatesAndLevel(): Promise<void> {
    await this.page.evaluate(`(() => {
      const user = document.querySelector('[data-testid="user-state"]');
      const level = document.querySelector('[data-testid="audio-level"]');
      window.__userStates = [user.getAttribute('data-value')];
      window.__maxLevel = 0;
      new MutationObserver(() => window.__userStates.push(user.getAttribute('data-value'))).observe(user, { attributeFilter: ['data-value'] });
      new MutationObserver(() => { window.__maxLevel = Math.max(window.__maxLevel, Number(level.getAttribute('data-level'))); }).observe(level, { attributeFilter: ['data-level'] });
    })()`);
  }

  async recordedUserStates(): Promise<string[]> {
    return this.page.evaluate<string[]>('window.__userStates');
  }

  async maxLevelSeen(): Promise<number> {
    return this.page.evaluate<number>('window.__maxLevel');
  }
}
