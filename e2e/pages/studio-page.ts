/**
 * Page object of the studio's main view. Specs speak in user terms (start, ping, send text);
 * selectors live here only, all of them `data-testid`s.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { RunningStudio } from '../fixtures/studio-server';
import { repoRoot } from '../fixtures/studio-server';

export type ConnectionState = 'connecting' | 'connected' | 'refused' | 'disconnected';

export interface CommandOutcome {
  text: string;
  ok: boolean;
}

export const SCREENSHOT_DIR = resolve(repoRoot, 'test-results', 'screenshots');

export class StudioPage {
  readonly connectionStatus: Locator;
  readonly errorBanner: Locator;
  readonly errorNotices: Locator;
  readonly pingResult: Locator;
  readonly sessionPhase: Locator;
  readonly agentState: Locator;

  constructor(
    readonly page: Page,
    readonly studio: RunningStudio,
  ) {
    this.connectionStatus = page.getByTestId('connection-status');
    this.errorBanner = page.getByTestId('error-banner');
    this.errorNotices = page.getByTestId('error-notice');
    this.pingResult = page.getByTestId('ping-result');
    this.sessionPhase = page.getByTestId('session-phase');
    this.agentState = page.getByTestId('session-agent-state');
  }

  /**
   * Opens the studio signed in: the page's browser context gets the session cookie the printed
   * code was exchanged for (each test has a fresh context, and a code works once), then loads
   * the page without any code. Another URL can be given (e.g. a sign-in URL).
   */
  async open(url = `${this.studio.origin}/`): Promise<void> {
    if (this.studio.cookie)
      await this.page
        .context()
        .addCookies([{ ...this.studio.cookie, url: this.studio.origin, httpOnly: true, sameSite: 'Strict' }]);
    const response = await this.page.goto(url);
    expect(response?.status(), `loading ${url}`).toBe(200);
    await expect(this.page.getByTestId('app')).toBeVisible();
  }

  /** Opens the studio and waits until it is ready to be used (`waitReady`). */
  async openConnected(): Promise<void> {
    await this.open();
    await this.waitReady();
  }

  /**
   * Waits until the page is connected and the recordings panel has its first listing (or has
   * said why it has none). That listing lands a debounce and a round trip after the connection
   * and changes the panel's height, which moves everything below it in the left column — the
   * config editor and its presets among them: a click aimed before it lands can hit whatever
   * moved under the pointer (seen in CI: Apply pressed 20 px above where it then was, and lost).
   * Call it after opening or reloading the page, before clicking in the left column.
   */
  async waitReady(): Promise<void> {
    await this.waitForConnection('connected');
    await expect(this.page.getByTestId('recordings')).not.toHaveAttribute('data-state', 'loading');
  }

  async connectionState(): Promise<ConnectionState> {
    return (await this.connectionStatus.getAttribute('data-state')) as ConnectionState;
  }

  async waitForConnection(state: ConnectionState): Promise<void> {
    await expect(this.connectionStatus).toHaveAttribute('data-state', state);
  }

  /**
   * Starts recording, in the page, every change of the connection state and every error notice
   * shown, for states too brief to poll (a reconnect's "disconnected" lasts one backoff). The
   * store renders each change synchronously, so none is skipped. Written as a string: the e2e
   * project compiles without DOM types.
   */
  async recordConnectionStates(): Promise<void> {
    await this.page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="connection-status"]');
      window.__studioStates = [];
      new MutationObserver(() => window.__studioStates.push(el.getAttribute('data-state'))).observe(el, { attributeFilter: ['data-state'] });
      window.__studioNotices = [];
      const seen = new Set();
      const readNotices = () => {
        for (const n of document.querySelectorAll('[data-testid="error-notice"] .error-text')) {
          if (seen.has(n)) continue;
          seen.add(n);
          window.__studioNotices.push(n.textContent);
        }
      };
      readNotices();
      new MutationObserver(readNotices).observe(document.body, { childList: true, subtree: true });
    })()`);
  }

  async recordedConnectionStates(): Promise<ConnectionState[]> {
    return this.page.evaluate<ConnectionState[]>('window.__studioStates');
  }

  /** The text of every error notice shown since `recordConnectionStates`. */
  async recordedErrorNotices(): Promise<string[]> {
    return this.page.evaluate<string[]>('window.__studioNotices');
  }

  /**
   * The session really runs, not only "Start answered": main says running, the engine is taking
   * turns (the agent left `initializing` and the agent-state lane has marks), and nothing failed.
   */
  async expectSessionRunning(): Promise<void> {
    await expect(this.sessionPhase).toHaveText('running');
    await expect(this.agentState).toHaveAttribute('data-state', /^(listening|thinking|speaking)$/);
    await expect(this.page.getByTestId('lane-agent')).not.toHaveAttribute('data-count', '0');
    await expect(this.errorBanner).toHaveCount(0);
  }

  /** Start, answered ok, and the session really runs (see `expectSessionRunning`). */
  async startRunning(): Promise<void> {
    const started = await this.start();
    expect(
      started.ok,
      `Start answered: ${started.text}; banner: ${(await this.errorTexts()).join(' | ')}`,
    ).toBe(true);
    await this.expectSessionRunning();
  }

  async transport(): Promise<string> {
    return (await this.page.getByTestId('transport').textContent()) ?? '';
  }

  /** Presses Ping and returns the shown result once it names a new nonce. */
  async ping(): Promise<string> {
    const before = await this.pingResult.textContent();
    await this.page.getByTestId('ping-button').click();
    await expect(this.pingResult).not.toHaveText(before ?? '');
    await expect(this.pingResult).toHaveText(/^pong \S+ in \d+ ms$/);
    return (await this.pingResult.textContent()) ?? '';
  }

  /**
   * Does something that sends one command and waits until main has answered it, as the UI's
   * outcome line shows; returns that line, e.g. "Start session: failed (not_available)".
   */
  async answered(act: () => Promise<void>): Promise<CommandOutcome> {
    const outcome = this.page.getByTestId('last-outcome');
    const before = Number(await outcome.getAttribute('data-seq'));
    await act();
    await expect(outcome).not.toHaveAttribute('data-seq', String(before));
    return {
      text: (await outcome.textContent()) ?? '',
      ok: (await outcome.getAttribute('data-ok')) === 'true',
    };
  }

  start(): Promise<CommandOutcome> {
    return this.answered(() => this.page.getByTestId('start-button').click());
  }

  stop(): Promise<CommandOutcome> {
    return this.answered(() => this.page.getByTestId('stop-button').click());
  }

  interrupt(): Promise<CommandOutcome> {
    return this.answered(() => this.page.getByTestId('interrupt-button').click());
  }

  sendText(text: string): Promise<CommandOutcome> {
    return this.answered(async () => {
      await this.page.getByTestId('text-input').fill(text);
      await this.page.getByTestId('send-button').click();
    });
  }

  /** Presses a keyboard shortcut that should send a command, and waits for its answer. */
  shortcut(keys: string): Promise<CommandOutcome> {
    return this.answered(() => this.page.keyboard.press(keys));
  }

  /** The error notice of one command, if it failed. */
  errorFor(command: string): Locator {
    return this.page.locator(`[data-testid="error-notice"][data-source="${command}"]`);
  }

  /** The one notice of a cause (e.g. 'transport': every request a dropped connection cut). */
  errorForCause(cause: string): Locator {
    return this.page.locator(`[data-testid="error-notice"][data-cause="${cause}"]`);
  }

  async errorTexts(): Promise<string[]> {
    return this.errorNotices.locator('.error-text').allTextContents();
  }

  async dismissErrors(): Promise<void> {
    while ((await this.errorNotices.count()) > 0)
      await this.page.getByTestId('error-dismiss').first().click();
  }

  /** Saves a full-page screenshot under test-results/screenshots/NAME.png. */
  async screenshot(name: string): Promise<string> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const path = resolve(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }
}
