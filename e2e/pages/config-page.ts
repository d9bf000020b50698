/**
 * Page object of the config editor and its presets, plus a direct line to main for test setup
 * and teardown: the studio server is shared by every spec of a worker, so a spec that changes
 * main's config must put it back, and doing that through main's own API is exact and quick.
 */
import WebSocket from 'ws';
import { expect, type Locator, type Page } from '@playwright/test';
import type { CommandName, CommandResult, WireMessage } from '../../src/shared/studio-api';
import { cookieHeader, type RunningStudio } from '../fixtures/studio-server';

/** Invokes one command on the running studio over its WebSocket, as the renderer does. */
export async function invokeStudio<C extends CommandName>(
  studio: RunningStudio,
  command: C,
  input: unknown = {},
): Promise<CommandResult<C>> {
  const ws = new WebSocket(`ws://127.0.0.1:${studio.port}/ws`, {
    origin: studio.origin,
    headers: { Cookie: cookieHeader(studio) },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise<CommandResult<C>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command}: no answer within 15 s`)), 15_000);
      ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        // Agent audio arrives as binary frames; only JSON messages carry results.
        if (isBinary) return;
        const msg = JSON.parse(data.toString()) as WireMessage;
        if (msg.kind === 'result' && msg.id === 1) {
          clearTimeout(timer);
          resolve(msg.result as CommandResult<C>);
        }
      });
      ws.send(JSON.stringify({ kind: 'invoke', id: 1, command, input }));
    });
  } finally {
    ws.close();
  }
}

/** Stops any session (at once) and puts main's config back to the defaults. */
export async function restoreStudio(studio: RunningStudio): Promise<void> {
  await invokeStudio(studio, 'stopSession', { drain: false });
  const r = await invokeStudio(studio, 'updateConfig', { config: {} });
  expect(r.ok, `restoring the default config: ${JSON.stringify(r)}`).toBe(true);
}

export class ConfigPage {
  readonly editor: Locator;
  readonly applyButton: Locator;
  readonly resetButton: Locator;
  readonly status: Locator;
  readonly applyResult: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByTestId('config-editor');
    this.applyButton = page.getByTestId('config-apply');
    this.resetButton = page.getByTestId('config-reset');
    this.status = page.getByTestId('config-status');
    this.applyResult = page.getByTestId('config-apply-result');
  }

  /** The input of a config field, by its path as main names it (`options.minEndpointingDelayMs`). */
  field(path: string): Locator {
    return this.page.getByTestId(`field-${path}`);
  }

  fieldError(path: string): Locator {
    return this.page.getByTestId(`field-error-${path}`);
  }

  async waitLoaded(): Promise<void> {
    await expect(this.field('options.minEndpointingDelayMs')).toBeVisible();
  }

  async setField(path: string, value: string): Promise<void> {
    await this.field(path).fill(value);
  }

  /** Scrolls the left pane so a field and its error sit mid-screen, for a screenshot that shows them. */
  async reveal(path: string): Promise<void> {
    await this.page
      .getByTestId(`config-field-${path}`)
      .evaluate((el) => el.scrollIntoView({ block: 'center' }));
  }

  /** Presses Apply and waits for main's answer (a new apply result). */
  async apply(): Promise<{ applied: string; requiresRestart: string }> {
    const before =
      (await this.applyResult.count()) > 0 ? await this.applyResult.getAttribute('data-seq') : null;
    await this.applyButton.click();
    await expect(this.applyResult).toBeVisible();
    if (before !== null) await expect(this.applyResult).not.toHaveAttribute('data-seq', before);
    const applied = this.page.getByTestId('config-applied');
    const restart = this.page.getByTestId('config-requires-restart');
    return {
      applied: (await applied.count()) > 0 ? ((await applied.textContent()) ?? '') : '',
      requiresRestart: (await restart.count()) > 0 ? ((await restart.textContent()) ?? '') : '',
    };
  }

  preset(name: string): Locator {
    return this.page.locator(`[data-testid="preset-item"][data-name="${name}"]`);
  }

  async savePreset(name: string): Promise<void> {
    await this.page.getByTestId('preset-name').fill(name);
    await this.page.getByTestId('preset-save').click();
    await expect(this.preset(name)).toBeVisible();
  }

  async loadPreset(name: string): Promise<void> {
    await this.preset(name).getByTestId('preset-load').click();
    await expect(this.status).toContainText(`Preset “${name}” loaded`);
  }

  async deletePreset(name: string): Promise<void> {
    await this.preset(name).getByTestId('preset-delete').click();
    await expect(this.preset(name)).toHaveCount(0);
  }
}
