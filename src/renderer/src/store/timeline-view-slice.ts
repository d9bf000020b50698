/**
 * Timeline view choices other widgets may read or set: whether the timeline follows the live
 * edge, and which turn the latency waterfall shows. The viewport itself (start, scale) changes
 * per frame while panning, so it stays outside the store in the timeline's controller.
 */
import type { StateCreator } from 'zustand';
import type { StudioStore } from './studio-store';

/** A range of session time, ms, with what it is. */
export interface TimelineRange {
  startMs: number;
  endMs: number;
  label: string;
}

export interface TimelineViewSlice {
  /** True while the timeline keeps the newest events in view; panning back turns it off. */
  timelineFollowLive: boolean;
  setTimelineFollowLive(follow: boolean): void;
  /** The waterfall's turn (its reply speech id); null means "the latest turn". */
  selectedTurnId: string | null;
  selectTurn(turnId: string | null): void;
  /** A time range picked elsewhere (a latency segment) that the timeline shows and highlights. */
  timelineSelection: TimelineRange | null;
  selectTimelineRange(range: TimelineRange | null): void;
  /**
   * The live view's cursor: the session time of the mark or event row last picked (a replay
   * moves its playhead instead). Null: none.
   */
  timelineCursorMs: number | null;
  setTimelineCursor(t: number | null): void;
}

export const initialTimelineViewState = {
  timelineFollowLive: true,
  selectedTurnId: null as string | null,
  timelineSelection: null as TimelineRange | null,
  timelineCursorMs: null as number | null,
};

export const createTimelineViewSlice: StateCreator<StudioStore, [], [], TimelineViewSlice> = (set) => ({
  ...initialTimelineViewState,
  setTimelineFollowLive: (timelineFollowLive) => set({ timelineFollowLive }),
  selectTurn: (selectedTurnId) => set({ selectedTurnId }),
  selectTimelineRange: (timelineSelection) => set({ timelineSelection }),
  setTimelineCursor: (timelineCursorMs) => set({ timelineCursorMs }),
});
