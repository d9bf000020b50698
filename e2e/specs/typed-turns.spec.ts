/**
 * Typed text interrupts (issue 10.2): ten turns typed back to back leave one answer — the last
 * one's — and every earlier reply is interrupted (cause text_input), as LiveKit's text input
 * does; with options.textInputInterrupts off they queue, and the speech-queue lane stacks the
 * ten open speeches in rows of their own, each labelled with its priority. Web mode.
 */
import { expect, test } from '../fixtures/test';
import { restoreStudio } from '../pages/config-page';
import { TypedTurnsPage, useTypedTurnConfig } from '../pages/typed-turns-page';

const TURNS = 10;

test.describe('typed turns', () => {
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('ten quick typed turns: only the last is answered, the earlier replies show as interrupted', async ({
    studio,
    studioPage,
    pageProblems,
  }) => {
    test.setTimeout(90_000);
    await restoreStudio(studio);
    await useTypedTurnConfig(studio, true);
    const turns = new TypedTurnsPage(studioPage);
    await studioPage.openConnected();
    await studioPage.startRunning();
    await turns.typeQuickly(TURNS);

    await turns.panels.openTab('chat');
    await expect(turns.panels.chatMessages('user')).toHaveCount(TURNS);
    // The last answer plays to its end; nothing stale is said after it.
    await expect(turns.completeAnswers()).toHaveCount(1, { timeout: 30_000 });
    await expect(turns.completeAnswers()).toContainText(`About question ${TURNS}:`);
    await expect(studioPage.agentState).toHaveAttribute('data-state', 'listening', { timeout: 30_000 });
    await expect(turns.completeAnswers()).toHaveCount(1);
    expect(await turns.laneNumber('count')).toBe(TURNS);
    expect(await turns.laneNumber('interrupted')).toBe(TURNS - 1);
    await turns.timeline.fit();
    await expect(turns.bars().and(studioPage.page.locator('[data-cause="text_input"]'))).toHaveCount(
      TURNS - 1,
    );
    await studioPage.screenshot('typed-turns-interrupt');
    expect(pageProblems).toEqual([]);
  });

  test('with textInputInterrupts off they queue, and the speech-queue lane stacks them in rows with their priority', async ({
    studio,
    studioPage,
    pageProblems,
  }) => {
    test.setTimeout(120_000);
    await restoreStudio(studio);
    // Answers of about 90 s: all ten are still open when the last is typed, however slow the machine.
    await useTypedTurnConfig(studio, false, 1);
    const turns = new TypedTurnsPage(studioPage);
    await studioPage.openConnected();
    await studioPage.startRunning();
    await turns.typeQuickly(TURNS);

    // One reply plays, nine wait: ten speeches open at once, each in a row of its own.
    await expect.poll(() => turns.laneNumber('rows')).toBe(TURNS);
    expect(await turns.laneNumber('count')).toBe(TURNS);
    expect(await turns.laneNumber('interrupted')).toBe(0);
    await turns.timeline.fit();
    const bars = await turns.barRows();
    expect(bars).toHaveLength(TURNS);
    expect(bars.every((b) => b.priority === '5')).toBe(true);
    // Rows the lane can show are used once each; the deepest speeches share the overflow row.
    const rows = bars.map((b) => b.row);
    const shown = Math.max(...rows) + 1;
    expect(shown).toBeGreaterThanOrEqual(5);
    expect(new Set(rows).size).toBe(shown);
    await turns.timeline.screenshotOf(turns.timeline.root, 'speech-queue-stacked-rows');
    await studioPage.screenshot('typed-turns-queued');
    expect(pageProblems).toEqual([]);
  });
});
