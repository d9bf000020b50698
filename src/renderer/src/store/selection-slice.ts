/**
 * What the user picked in one pane for another pane to show: the timeline selects a tool call,
 * the tool inspector reads it. A slice of its own so neither pane imports the other.
 */
import type { StateCreator } from 'zustand';
import type { StudioStore } from './studio-store';

export interface SelectionSlice {
  /** The tool call (its `callId`) the inspector should show; null when none is picked. */
  selectedToolCallId: string | null;
  /** Picks a tool call (null clears); the timeline's tool lane and the inspector both call it. */
  selectTool(callId: string | null): void;
}

export const initialSelectionState = {
  selectedToolCallId: null as string | null,
};

export const createSelectionSlice: StateCreator<StudioStore, [], [], SelectionSlice> = (set) => ({
  ...initialSelectionState,
  selectTool: (selectedToolCallId) => set({ selectedToolCallId }),
});
