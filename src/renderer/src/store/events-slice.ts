/**
 * Engine events for the live view. The buffer is mutated in place and `eventsVersion` bumps
 * once per batch (main batches ~50 ms), so a store update costs one notification per batch,
 * not one per event. Dense views subscribe with `useStudioStore.subscribe` and draw from
 * `eventLog` outside React; only coarse widgets select `eventsVersion` at all.
 */
import type { StateCreator } from 'zustand';
import type { EngineEvent } from '../../../shared/engine-events';
import { RingBuffer } from './ring-buffer';
import type { StudioStore } from './studio-store';

/** Enough for several minutes of a busy session at the trace rate the engine emits. */
export const EVENT_BUFFER_CAPACITY = 20_000;

export interface EventsSlice {
  eventLog: RingBuffer<EngineEvent>;
  /** Bumped once per appended batch; the only field that changes when events arrive. */
  eventsVersion: number;
  /** Session the buffered events belong to; a new session starts a fresh buffer. */
  eventsSessionId: string | null;
  appendEvents(sessionId: string, events: readonly EngineEvent[]): void;
  /** Replaces the buffer wholesale, e.g. from getState after a reload or reconnect. */
  replaceEvents(sessionId: string | null, events: readonly EngineEvent[]): void;
  clearEvents(): void;
}

export function initialEventsState(capacity = EVENT_BUFFER_CAPACITY) {
  return {
    eventLog: new RingBuffer<EngineEvent>(capacity),
    eventsVersion: 0,
    eventsSessionId: null as string | null,
  };
}

export const createEventsSlice: StateCreator<StudioStore, [], [], EventsSlice> = (set, get) => ({
  ...initialEventsState(),
  appendEvents: (sessionId, events) => {
    if (events.length === 0) return;
    const { eventLog, eventsSessionId, eventsVersion } = get();
    if (eventsSessionId !== sessionId) eventLog.clear();
    eventLog.pushMany(events);
    set({ eventsSessionId: sessionId, eventsVersion: eventsVersion + 1 });
  },
  replaceEvents: (sessionId, events) => {
    const { eventLog, eventsVersion } = get();
    eventLog.clear();
    eventLog.pushMany(events);
    set({ eventsSessionId: sessionId, eventsVersion: eventsVersion + 1 });
  },
  clearEvents: () => {
    const { eventLog, eventsVersion } = get();
    eventLog.clear();
    set({ eventsSessionId: null, eventsVersion: eventsVersion + 1 });
  },
});
