/**
 * Feeds the timeline model from the store's event feed without copying it per batch: on each
 * `feedVersion` bump its reader hands over only what was appended. A feed reset (a new session,
 * a reload's snapshot, a replay) makes the model start over from what the feed holds.
 */
import type { StoreApi } from 'zustand';
import { FeedReader } from '../../../store/event-feed';
import type { StudioStore } from '../../../store/studio-store';
import type { TimelineModel } from './timeline-model';

export interface ModelSync {
  /** Ingests whatever the feed gained since the last call (called on every store change). */
  sync(): void;
  dispose(): void;
  /** Wall time (performance.now) of the last ingested batch: the live edge extrapolates from it. */
  lastIngestAt(): number;
}

export function attachModelToStore(
  model: TimelineModel,
  store: Pick<StoreApi<StudioStore>, 'getState' | 'subscribe'>,
  now: () => number = () => performance.now(),
): ModelSync {
  const reader = new FeedReader();
  let ingestedAt = 0;

  const sync = () => {
    const change = reader.read(store.getState().feed);
    // An empty model reset to nothing has nothing to redraw.
    if (!change || (change.reset && change.events.length === 0 && model.eventCount === 0)) return;
    if (change.reset) model.reset();
    model.ingest(change.events);
    ingestedAt = now();
  };

  sync();
  const off = store.subscribe((s, prev) => {
    if (s.feedVersion !== prev.feedVersion) sync();
  });
  return { sync, dispose: off, lastIngestAt: () => ingestedAt };
}
