/**
 * The config editor: an invalid value is shown at its field and never sent; a valid edit applies
 * (hot, to a running session, changing its next turn); presets save to disk and load back. Main's
 * config is shared by every spec of the worker, so each test puts the defaults back.
 */
import { expect, test } from '../fixtures/test';
import { ConfigPage, invokeStudio, restoreStudio } from '../pages/config-page';
import { PanelsPage } from '../pages/panels-page';

const MIN_DELAY = 'options.minEndpointingDelayMs';

/** The end-of-turn delay an end_of_turn row shows, e.g. "committed after 1,524 ms …" → 1524. */
function delayIn(row: string): number {
  return Number(/after ([\d,]+) ms/.exec(row)?.[1]?.replace(/,/g, ''));
}

test.describe('config editor', () => {
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('an invalid value is shown at its field and is not applied', async ({
    studioPage,
    studio,
    page,
    pageProblems,
  }) => {
    const sent: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
    const config = new ConfigPage(page);
    await studioPage.openConnected();
    await config.waitLoaded();

    await config.setField(MIN_DELAY, '-5');
    await expect(config.fieldError(MIN_DELAY)).toBeVisible();
    await expect(config.fieldError(MIN_DELAY)).toContainText(/>=\s*0/);
    await expect(config.applyButton).toBeDisabled();
    await expect(config.status).toHaveAttribute('data-valid', 'false');
    await config.reveal(MIN_DELAY);
    await studioPage.screenshot('config-field-error');

    // Text that is not a number is caught by the form before the schema.
    await config.setField(MIN_DELAY, 'soon');
    await expect(config.fieldError(MIN_DELAY)).toHaveText('Not a number: soon');
    // A rule across two fields is shown where the schema puts it.
    await config.setField(MIN_DELAY, '7000');
    await expect(config.fieldError('options.maxEndpointingDelayMs')).toContainText(
      'maxEndpointingDelayMs must be >= minEndpointingDelayMs',
    );
    await expect(config.applyButton).toBeDisabled();

    expect(sent.filter((f) => f.includes('"updateConfig"'))).toEqual([]);
    const state = await invokeStudio(studio, 'getState');
    expect(state.ok && state.value.config.options.minEndpointingDelayMs).toBe(500);

    await config.resetButton.click();
    await expect(config.field(MIN_DELAY)).toHaveValue('500');
    await expect(config.fieldError(MIN_DELAY)).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });

  test('a valid edit applies and the editor shows main’s config afterwards', async ({
    studioPage,
    studio,
    page,
  }) => {
    const config = new ConfigPage(page);
    await studioPage.openConnected();
    await config.waitLoaded();
    await config.setField(MIN_DELAY, '800');
    await config.setField('agent.instructions', 'Answer in one short sentence.');
    await expect(config.status).toHaveText('Unsaved changes');
    const result = await config.apply();
    expect(result.applied).toContain(MIN_DELAY);
    expect(result.applied).toContain('agent.instructions');
    await expect(config.status).toHaveText('In sync with the studio');
    const state = await invokeStudio(studio, 'getState');
    expect(state.ok && state.value.config.options.minEndpointingDelayMs).toBe(800);
    // A reload restores the editor from main, not from the page.
    await page.reload();
    await studioPage.waitReady();
    await expect(config.field(MIN_DELAY)).toHaveValue('800');
  });

  test('minEndpointingDelayMs applied to the running session changes its next turn', async ({
    studioPage,
    page,
  }) => {
    test.setTimeout(90_000);
    const config = new ConfigPage(page);
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    await config.waitLoaded();
    await studioPage.startRunning();
    await panels.openTab('events');
    await panels.filterEvents('end_of_turn');
    // The demo caller's first turn ends with the default 500 ms endpointing delay.
    await expect.poll(() => panels.eventCount(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await expect(panels.eventRows().first()).toContainText(/after (\d{3}) ms/);
    const firstDelay = delayIn((await panels.eventRows().first().textContent()) ?? '');
    expect(firstDelay).toBeLessThan(1500);

    await config.setField(MIN_DELAY, '1500');
    const result = await config.apply();
    // Exactly this field: the editor sends main's running config back unchanged otherwise.
    expect(result.applied).toBe(MIN_DELAY);
    expect(result.requiresRestart).toBe('');

    // The next turn waits the new delay before the agent answers.
    await expect.poll(() => panels.eventCount(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const newest = (await panels.eventRows().first().textContent()) ?? '';
    const nextDelay = delayIn(newest);
    expect(nextDelay).toBeGreaterThanOrEqual(1500);
    // The change itself is in the event log too.
    await panels.filterEvents('config_updated');
    await expect(panels.eventRows().first()).toContainText('minEndpointingDelayMs');
    await config.applyResult.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await studioPage.screenshot('config-applied-hot');
  });

  test('presets save to disk and load back into the editor', async ({ studioPage, studio, page }) => {
    const config = new ConfigPage(page);
    const name = `e2e preset ${Date.now().toString(36)}`;
    // Presets live in the user's config dir in web mode: sweep up any a crashed run left behind.
    const before = await invokeStudio(studio, 'listPresets');
    for (const p of before.ok ? before.value.presets : [])
      if (p.name.startsWith('e2e preset ')) await invokeStudio(studio, 'deletePreset', { name: p.name });
    await studioPage.openConnected();
    await config.waitLoaded();
    try {
      // A name that could leave the presets directory is refused at the field.
      await page.getByTestId('preset-name').fill('../escape');
      await expect(page.getByTestId('preset-name-error')).toBeVisible();
      await expect(page.getByTestId('preset-save')).toBeDisabled();

      await config.setField(MIN_DELAY, '700');
      await config.savePreset(name);
      await expect(config.preset(name)).toHaveAttribute('data-state', 'ok');
      const listed = await invokeStudio(studio, 'listPresets');
      expect(listed.ok && listed.value.presets.some((p) => p.name === name)).toBe(true);

      await config.setField(MIN_DELAY, '900');
      await page.reload();
      await studioPage.waitReady();
      await config.loadPreset(name);
      await expect(config.field(MIN_DELAY)).toHaveValue('700');
      await page.getByTestId('preset-bar').evaluate((el) => el.scrollIntoView({ block: 'end' }));
      await studioPage.screenshot('config-presets');
      const result = await config.apply();
      expect(result.applied).toContain(MIN_DELAY);
      await expect(config.field(MIN_DELAY)).toHaveValue('700');
    } finally {
      await invokeStudio(studio, 'deletePreset', { name });
    }
  });
});
