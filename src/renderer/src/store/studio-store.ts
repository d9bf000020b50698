/**
 * The renderer's one store, built from typed slices. Components select the narrowest field they
 * need; the bridge is the only writer of connection and status. Engine events, live or replayed,
 * reach every view through the one feed (feed-slice.ts, event-feed.ts).
 */
import { create } from 'zustand';
import {
  createConversationSlice,
  initialConversationState,
  type ConversationSlice,
} from './conversation-slice';
import { createConfigSlice, initialConfigState, type ConfigSlice } from './config-slice';
import { createConnectionSlice, initialConnectionState, type ConnectionSlice } from './connection-slice';
import { createFeedSlice, initialFeedState, type FeedSlice } from './feed-slice';
import { createFeedbackSlice, initialFeedbackState, type FeedbackSlice } from './feedback-slice';
import { createPresetsSlice, initialPresetsState, type PresetsSlice } from './presets-slice';
import { createSelectionSlice, initialSelectionState, type SelectionSlice } from './selection-slice';
import { createStatusSlice, initialStatusState, type StatusSlice } from './status-slice';
import {
  createTimelineViewSlice,
  initialTimelineViewState,
  type TimelineViewSlice,
} from './timeline-view-slice';
import { createViewSlice, initialViewState, type ViewSlice } from './view-slice';

export type StudioStore = ConnectionSlice &
  StatusSlice &
  FeedSlice &
  FeedbackSlice &
  ViewSlice &
  SelectionSlice &
  TimelineViewSlice &
  ConversationSlice &
  ConfigSlice &
  PresetsSlice;

export const useStudioStore = create<StudioStore>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createStatusSlice(...a),
  ...createFeedSlice(...a),
  ...createFeedbackSlice(...a),
  ...createViewSlice(...a),
  ...createSelectionSlice(...a),
  ...createTimelineViewSlice(...a),
  ...createConversationSlice(...a),
  ...createConfigSlice(...a),
  ...createPresetsSlice(...a),
}));

/** Puts every slice back to its initial data (actions stay); tests call it in `beforeEach`. */
export function resetStudioStore(options: { eventCapacity?: number } = {}): void {
  useStudioStore.setState({
    ...initialConnectionState,
    ...initialStatusState,
    ...initialFeedState(options.eventCapacity),
    ...initialFeedbackState,
    ...initialViewState,
    ...initialSelectionState,
    ...initialTimelineViewState,
    ...initialConversationState(),
    ...initialConfigState,
    ...initialPresetsState,
  });
}
