/**
 * Issue 10.6, config editing that respects the user, in web mode: a provider switched away and
 * back keeps its settings (the demo's scripted LLM is not wiped), before and after the switch is
 * applied; "Reset to defaults" and "Reset to demo" load a whole config to review and apply; the
 * Preemptive lane says when preemptive generation is off, and stops saying it once it is on.
 * Main is left idle with the default config for the next spec.
 */
import { expect, test } from '../fixtures/test';
import { ConfigDraftsPage, PREEMPTIVE_OFF_HINT } from '../pages/config-drafts-page';
import { ConfigPage, invokeStudio, restoreStudio } from '../pages/config-page';

/** The demo's first scripted reply: present while the demo's LLM settings are. */
const DEMO_SCRIPT = /weather like in Tokyo/;

test.describe('config drafts (issue 10.6)', () => {
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('switching the LLM away and back keeps the demo script, also after the switch is applied', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    const config = new ConfigPage(page);
    const drafts = new ConfigDraftsPage(config);
    await studioPage.openConnected();
    await config.waitLoaded();
    await drafts.resetToDemo();
    await config.apply();
    await drafts.openSection('providers');
    const responses = config.field('providers.llm.responses');
    await expect(responses).toHaveValue(DEMO_SCRIPT);
    await config.setField('providers.llm.ttftMs', '450');

    // Away and back, unapplied: the script and the edit are both there.
    await drafts.selectProvider('llm', 'openai');
    await expect(config.field('providers.llm.model')).toBeVisible();
    await expect(responses).toHaveCount(0);
    await drafts.selectProvider('llm', 'simulated');
    await expect(responses).toHaveValue(DEMO_SCRIPT);
    await expect(config.field('providers.llm.ttftMs')).toHaveValue('450');

    // Away, applied, and back: main runs OpenAI now, the editor still has the script.
    await config.setField('providers.llm.ttftMs', '300');
    await drafts.selectProvider('llm', 'openai');
    await config.setField('providers.llm.model', 'gpt-4o-mini');
    const applied = await config.apply();
    expect(applied.applied + applied.requiresRestart).toContain('providers.llm');
    await drafts.selectProvider('llm', 'simulated');
    await expect(responses).toHaveValue(DEMO_SCRIPT);
    await config.reveal('providers.llm.responses');
    await studioPage.screenshot('config-provider-switched-back');
    await drafts.selectProvider('llm', 'openai');
    await expect(config.field('providers.llm.model')).toHaveValue('gpt-4o-mini');
    expect(pageProblems).toEqual([]);
  });

  test('Reset to defaults and Reset to demo load a whole config to review; Apply sends it', async ({
    studio,
    studioPage,
    page,
    pageProblems,
  }) => {
    const config = new ConfigPage(page);
    const drafts = new ConfigDraftsPage(config);
    await studioPage.openConnected();
    await config.waitLoaded();
    await config.setField('options.minEndpointingDelayMs', '1234');
    await config.apply();

    await drafts.resetToDefaults();
    await expect(config.field('options.minEndpointingDelayMs')).toHaveValue('500');
    // Nothing is applied before Apply.
    const before = await invokeStudio(studio, 'getState', {});
    expect(before.ok && before.value.config.options.minEndpointingDelayMs).toBe(1234);

    await drafts.resetToDemo();
    await drafts.openSection('providers');
    await expect(config.field('providers.llm.responses')).toHaveValue(DEMO_SCRIPT);
    await studioPage.screenshot('config-reset-to-demo');
    await config.apply();
    const after = await invokeStudio(studio, 'getState', {});
    if (!after.ok) throw new Error(JSON.stringify(after));
    expect(after.value.config).toEqual({
      ...after.value.demoConfig,
      inputMode: after.value.config.inputMode,
    });
    await expect(config.status).toHaveText('In sync with the studio');
    expect(pageProblems).toEqual([]);
  });

  test('the Preemptive lane says preemptive generation is off, until it is turned on', async ({
    studioPage,
    page,
    pageProblems,
  }) => {
    const config = new ConfigPage(page);
    const drafts = new ConfigDraftsPage(config);
    await studioPage.openConnected();
    await config.waitLoaded();
    await expect(drafts.preemptiveHint).toHaveText(PREEMPTIVE_OFF_HINT);
    await studioPage.screenshot('preemptive-lane-hint');
    await config.field('options.preemptiveGeneration').check();
    await config.apply();
    await expect(drafts.preemptiveHint).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });
});
