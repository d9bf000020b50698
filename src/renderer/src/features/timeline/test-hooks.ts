/**
 * A test-only door into the renderer for e2e tests and the smoothness benchmark: inject engine
 * event batches exactly as the bridge would append them, and read frame times. It exists only
 * when the page was opened with `?studioTest=1` (add it in dev too); it reaches the local store
 * and nothing else — it cannot send a command to main.
 */
import type { EngineEvent } from '../../../../shared/engine-events';
import { useStudioStore } from '../../store/studio-store';
import type { FrameSummary } from './view/frame-stats';
import type { TimelineController } from './view/timeline-controller';
import type { TimelineInstance } from './timeline-instance';

export interface StudioTestApi {
  /** Appends a batch as main's `events` push would; returns the model's event count after it. */
  injectEvents(events: EngineEvent[], sessionId?: string): number;
  clearEvents(): void;
  model(): { eventCount: number; version: number; speeches: number; vadPoints: number; endT: number | null };
  frameStats(): FrameSummary & { total: number };
  resetFrameStats(): void;
  view(): { startMs: number; msPerPx: number; widthPx: number; follow: boolean } | null;
  fit(): void;
  zoom(factor: number): void;
  pan(dxPx: number): void;
}

declare global {
  interface Window {
    __studioTest?: StudioTestApi;
  }
}

export function testHooksEnabled(search: string): boolean {
  return new URLSearchParams(search).get('studioTest') === '1';
}

export function installTestHooks(
  win: Window,
  timeline: TimelineInstance,
  controller: () => TimelineController | null,
): () => void {
  if (!testHooksEnabled(win.location.search)) return () => undefined;
  const { model } = timeline;
  const api: StudioTestApi = {
    injectEvents: (events, sessionId = 'injected') => {
      useStudioStore.getState().appendLive(sessionId, events);
      return model.eventCount;
    },
    clearEvents: () => useStudioStore.getState().resetFeed({ kind: 'live', sessionId: null }),
    model: () => ({
      eventCount: model.eventCount,
      version: model.version,
      speeches: model.speech.speeches.size,
      vadPoints: model.vad.size,
      endT: model.endT,
    }),
    frameStats: () => {
      const c = controller();
      return c
        ? { ...c.stats.summary(), total: c.stats.total }
        : { frames: 0, medianMs: 0, p95Ms: 0, maxMs: 0, total: 0 };
    },
    resetFrameStats: () => controller()?.stats.reset(),
    view: () => {
      const c = controller();
      return c ? { ...c.view, follow: c.following } : null;
    },
    fit: () => controller()?.fit(),
    zoom: (factor) => controller()?.zoomBy(factor),
    pan: (dx) => controller()?.panBy(dx),
  };
  win.__studioTest = api;
  return () => {
    if (win.__studioTest === api) delete win.__studioTest;
  };
}
