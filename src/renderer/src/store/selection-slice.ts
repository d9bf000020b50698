/**
 * What the user picked in one pane for another pane to show: the timeline selects a tool call,
 * the tool inspector reads it. A slice of its own so neither pane imports the other.
 */
import type { StateCreator } from 'zustand';
import type { EngineEvent } from '../../../shared/engine-events';
import type { StudioStore } from './studio-store';

export interface SelectionSlice {
  /** The tool call (its `callId`) the inspector should show; null when none is picked. */
  selectedToolCallId: string | null;
  /** Picks a tool call (null clears); the timeline's tool lane and the inspector both call it. */
  selectTool(callId: string | null): void;
  /** The event whose raw JSON the event log's inspector shows (a log row or a timeline mark). */
  inspectedEvent: EngineEvent | null;
  inspectEvent(event: EngineEvent | null): void;
  /** The LLM or TTS request the request inspector shows. */
  inspectedRequest: InspectedRequest | null;
  inspectRequest(request: InspectedRequest | null): void;
}

export interface InspectedRequest {
  kind: 'llm' | 'tts';
  requestId: string;
}

export const initialSelectionState = {
  selectedToolCallId: null as string | null,
  inspectedEvent: null as EngineEvent | null,
  inspectedRequest: null as InspectedRequest | null,
};

export const createSelectionSlice: StateCreator<StudioStore, [], [], SelectionSlice> = (set) => ({
  ...initialSelectionState,
  selectTool: (selectedToolCallId) => set({ selectedToolCallId }),
  inspectEvent: (inspectedEvent) => set({ inspectedEvent }),
  inspectRequest: (inspectedRequest) => set({ inspectedRequest }),
});
