/**
 * What a click on an event row or a timeline mark does, in one place so the log and the
 * timeline behave alike, live and replayed: show the event (or its LLM/TTS request) and move the
 * cursor to it — the replay's playhead during a replay, the live view's cursor otherwise.
 */
import type { EngineEvent } from '../../../../shared/engine-events';
import { useStudioStore } from '../../store/studio-store';
import type { InspectedRequest } from '../../store/selection-slice';
import { seekPlayhead } from '../replay/replay-instance';

/** Moves the timeline's cursor (and, during a replay, the playhead) to session time `t`. */
export function moveCursorTo(t: number): void {
  useStudioStore.getState().setTimelineCursor(t);
  seekPlayhead(t); // nothing outside a replay
}

/** The LLM or TTS request an event belongs to, if it is a request event. */
export function requestOf(ev: EngineEvent): InspectedRequest | null {
  if (ev.type === 'llm_request') return { kind: 'llm', requestId: ev.requestId };
  if (ev.type === 'tts_request') return { kind: 'tts', requestId: ev.requestId };
  return null;
}

/**
 * An event row or mark was picked: its JSON opens in the event inspector and the cursor moves to
 * it — or to `at`, for a state span clicked somewhere inside (the state's change is shown).
 */
export function pickEvent(ev: EngineEvent, at = ev.t): void {
  useStudioStore.getState().inspectEvent(ev);
  moveCursorTo(at);
}

/** An LLM/TTS bar or a request row was picked: its request inspector opens at the request's start. */
export function pickRequest(request: InspectedRequest, t: number): void {
  useStudioStore.getState().inspectRequest(request);
  moveCursorTo(t);
}

/**
 * What was picked belongs to the events it came from: another source (a new live session, a
 * recording opened, back to live) clears the cursor and the inspected event and request.
 */
export function clearPicksOnNewSource(store = useStudioStore): () => void {
  return store.subscribe((s, prev) => {
    if (s.feedSource === prev.feedSource) return;
    if (s.timelineCursorMs === null && s.inspectedEvent === null && s.inspectedRequest === null) return;
    store.setState({ timelineCursorMs: null, inspectedEvent: null, inspectedRequest: null });
  });
}

// The window's one store, for the app's whole life.
clearPicksOnNewSource();
