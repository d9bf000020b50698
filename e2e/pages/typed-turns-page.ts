/**
 * Page object for typed turns and the speech-queue lane: a text session whose every answer is
 * several seconds of (simulated) speech, typed turns sent one after another as fast as the UI
 * takes them, and what the speech-queue lane and the chat then show.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { RunningStudio } from '../fixtures/studio-server';
import { invokeStudio } from './config-page';
import { PanelsPage } from './panels-page';
import type { StudioPage } from './studio-page';
import { TimelinePage } from './timeline-page';

/** Every answer names its question; it lasts ~7 s at 14 chars/s, the simulated TTS's default. */
const ANSWER = 'About {input}: here is a long and careful answer that takes several seconds to say out loud.';

/**
 * Text mode, simulated LLM and TTS (fast, deterministic), `textInputInterrupts` as given; a
 * lower `charsPerSecond` makes each answer last longer (1: about 90 s).
 */
export async function useTypedTurnConfig(
  studio: RunningStudio,
  textInputInterrupts: boolean,
  charsPerSecond = 14,
): Promise<void> {
  const r = await invokeStudio(studio, 'updateConfig', {
    config: {
      inputMode: 'text',
      options: { textInputInterrupts },
      providers: {
        llm: { provider: 'simulated', ttftMs: 100, tokensPerSecond: 200, fallbackReply: ANSWER },
        tts: { provider: 'simulated', ttfbMs: 50, audio: 'silence', charsPerSecond },
      },
    },
  });
  expect(r.ok, `typed-turn config: ${JSON.stringify(r)}`).toBe(true);
}

export class TypedTurnsPage {
  readonly page: Page;
  readonly panels: PanelsPage;
  readonly timeline: TimelinePage;
  readonly speechQueue: Locator;

  constructor(readonly studio: StudioPage) {
    this.page = studio.page;
    this.panels = new PanelsPage(this.page);
    this.timeline = new TimelinePage(studio);
    this.speechQueue = this.timeline.lane('speech-queue');
  }

  /** Sends `n` typed turns ("question 1" …) back to back; each one answered by main before the next. */
  async typeQuickly(n: number): Promise<void> {
    for (let i = 1; i <= n; i++) {
      const sent = await this.studio.sendText(`question ${i}`);
      expect(sent.ok, sent.text).toBe(true);
    }
  }

  /** A number the speech-queue lane carries (data-count, data-interrupted, data-rows). */
  async laneNumber(name: 'count' | 'interrupted' | 'rows'): Promise<number> {
    return Number(await this.speechQueue.getAttribute(`data-${name}`));
  }

  /** The speech bars of the lane's accessible overlay. */
  bars(): Locator {
    return this.speechQueue.locator('[data-speech-id]');
  }

  /** The row and priority each bar in view is drawn with. */
  async barRows(): Promise<Array<{ row: number; priority: string; state: string }>> {
    return this.bars().evaluateAll((els) =>
      els.map((el) => ({
        row: Number(el.getAttribute('data-row')),
        priority: el.getAttribute('data-priority') ?? '',
        state: el.getAttribute('data-state') ?? '',
      })),
    );
  }

  /** Assistant messages of the chat that were heard to their end. */
  completeAnswers(): Locator {
    return this.panels.chatMessages('assistant').and(this.page.locator('[data-state="complete"]'));
  }
}
