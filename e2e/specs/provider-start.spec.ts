/**
 * No silent fakes, as the user sees it: a provider the config asks for and main cannot build
 * (here an OpenAI LLM without its key) refuses Start with one message naming the setting and the
 * fix, and the session never runs on something else; a fallback list the user wrote does run on
 * its next entry, and the header says so, with the cause, for the whole session.
 */
import { expect, test } from '../fixtures/test';
import { invokeStudio, restoreStudio } from '../pages/config-page';
import { PanelsPage } from '../pages/panels-page';

test.describe('providers that cannot be built', () => {
  test.skip(!!process.env.OPENAI_API_KEY, 'OPENAI_API_KEY is set here, so the OpenAI LLM can be built');
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('an OpenAI LLM without a key refuses Start with one message naming the setting and the fix', async ({
    studio,
    studioPage,
    pageProblems,
  }) => {
    await studioPage.openConnected();
    const set = await invokeStudio(studio, 'updateConfig', {
      config: {
        inputMode: 'text',
        providers: { llm: { provider: 'openai' }, tts: { provider: 'simulated' } },
      },
    });
    expect(set.ok, JSON.stringify(set)).toBe(true);
    const started = await studioPage.start();
    expect(started.ok).toBe(false);
    const notice = studioPage.errorFor('startSession');
    await expect(notice).toHaveAttribute('data-code', 'provider_unavailable');
    await expect(notice).toContainText(
      'session did not start: providers.llm: openai needs an API key — OPENAI_API_KEY is not set; run "npm run studio -- keys set OPENAI_API_KEY"',
    );
    await expect(studioPage.sessionPhase).toHaveText('ended (error)');
    await expect(studioPage.page.getByTestId('provider-fallback')).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });

  test('a fallback list runs on its next entry and the header names it and the cause for the whole session', async ({
    studio,
    studioPage,
    page,
    pageProblems,
  }) => {
    const panels = new PanelsPage(page);
    await studioPage.openConnected();
    const set = await invokeStudio(studio, 'updateConfig', {
      config: {
        inputMode: 'text',
        providers: {
          llm: [{ provider: 'openai' }, { provider: 'simulated', fallbackReply: 'simulated heard {input}' }],
          tts: { provider: 'simulated' },
        },
      },
    });
    expect(set.ok, JSON.stringify(set)).toBe(true);
    await studioPage.startRunning();
    const note = page.getByTestId('provider-fallback');
    await expect(note).toHaveText('LLM: simulated — fallback, OPENAI_API_KEY missing');
    const sent = await studioPage.sendText('hello');
    expect(sent.ok, sent.text).toBe(true);
    await panels.openTab('chat');
    await expect(panels.chatMessages('assistant').last()).toContainText('simulated heard hello', {
      timeout: 15_000,
    });
    await expect(note).toHaveText('LLM: simulated — fallback, OPENAI_API_KEY missing');
    const stopped = await studioPage.stop();
    expect(stopped.ok, stopped.text).toBe(true);
    await expect(note).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });
});
