/**
 * What a click on a latency segment does, live and replayed alike: the timeline's cursor (the
 * playhead during a replay) moves to the segment's start and its interval becomes the timeline's
 * selection, which the view moves to and shades.
 */
import type { LatencySegment } from '../../../../shared/turn-timeline';
import { useStudioStore } from '../../store/studio-store';
import { moveCursorTo } from '../inspector/inspect-actions';

export function pickSegment(s: Pick<LatencySegment, 'startAt' | 'endAt' | 'label'>): void {
  moveCursorTo(s.startAt);
  useStudioStore.getState().selectTimelineRange({ startMs: s.startAt, endMs: s.endAt, label: s.label });
}

/** A selection belongs to the events it came from: another feed source clears it. */
export function clearSelectionOnNewSource(store = useStudioStore): () => void {
  return store.subscribe((s, prev) => {
    if (s.feedSource !== prev.feedSource && s.timelineSelection !== null)
      store.setState({ timelineSelection: null });
  });
}

// The window's one store, for the app's whole life.
clearSelectionOnNewSource();
