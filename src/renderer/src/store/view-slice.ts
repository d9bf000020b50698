/**
 * View settings that several panes share. The timeline zoom is driven by the desktop menu
 * (View › Zoom In Timeline) and later by the timeline's own controls, so it lives in the store
 * rather than inside the timeline component.
 */
import type { StateCreator } from 'zustand';
import type { StudioStore } from './studio-store';

export const TIMELINE_ZOOM_MIN = 0.25;
export const TIMELINE_ZOOM_MAX = 8;
/** Each step multiplies or divides by this, so zooming in then out returns exactly. */
export const TIMELINE_ZOOM_STEP = 1.25;

export interface ViewSlice {
  /** 1 = the timeline's default time scale; 2 = twice as many pixels per ms. */
  timelineZoom: number;
  zoomTimelineIn(): void;
  zoomTimelineOut(): void;
  resetTimelineZoom(): void;
}

export const initialViewState = {
  timelineZoom: 1,
};

const clamp = (z: number) => Math.min(TIMELINE_ZOOM_MAX, Math.max(TIMELINE_ZOOM_MIN, z));

export const createViewSlice: StateCreator<StudioStore, [], [], ViewSlice> = (set) => ({
  ...initialViewState,
  zoomTimelineIn: () => set((s) => ({ timelineZoom: clamp(s.timelineZoom * TIMELINE_ZOOM_STEP) })),
  zoomTimelineOut: () => set((s) => ({ timelineZoom: clamp(s.timelineZoom / TIMELINE_ZOOM_STEP) })),
  resetTimelineZoom: () => set({ timelineZoom: 1 }),
});
