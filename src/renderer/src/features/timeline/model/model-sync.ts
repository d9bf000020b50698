/**
 * Feeds the timeline model from the store's event ring without copying the ring per batch: on
 * each `eventsVersion` bump it ingests only what was appended. The ring is replaced wholesale
 * after a reload or reconnect and cleared for a new session; the model notices because the
 * newest event it ingested is no longer where it left it, and then rebuilds from the ring.
 */
import type { StoreApi } from 'zustand';
import type { EngineEvent } from '../../../../../shared/engine-events';
import type { StudioStore } from '../../../store/studio-store';
import type { TimelineModel } from './timeline-model';

export interface ModelSync {
  /** Ingests whatever the ring gained since the last call (called on every store change). */
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
  let seenTotal = 0;
  let seenLast: EngineEvent | undefined;
  let seenSession: string | null = null;
  let ingestedAt = 0;

  const rebuild = (events: readonly EngineEvent[]) => {
    model.reset();
    model.ingest(events);
  };

  const sync = () => {
    const { eventLog, eventsSessionId } = store.getState();
    const total = eventLog.totalPushed;
    const size = eventLog.size;
    const delta = total - seenTotal;
    if (delta === 0 && eventsSessionId === seenSession) return;
    // Where the event we ingested last should sit if the ring was only appended to.
    const anchor = size - 1 - delta;
    const appended =
      eventsSessionId === seenSession &&
      delta > 0 &&
      (seenLast === undefined ? seenTotal === 0 : anchor < 0 || eventLog.at(anchor) === seenLast);
    if (appended) model.ingest(eventLog.toArray(Math.min(delta, size)));
    else rebuild(eventLog.toArray());
    seenTotal = total;
    seenLast = size > 0 ? eventLog.at(size - 1) : undefined;
    seenSession = eventsSessionId;
    ingestedAt = now();
  };

  sync();
  const off = store.subscribe((s, prev) => {
    if (s.eventsVersion !== prev.eventsVersion) sync();
  });
  return { sync, dispose: off, lastIngestAt: () => ingestedAt };
}
