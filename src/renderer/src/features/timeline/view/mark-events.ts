/**
 * Which engine event a click on the timeline picks, so every mark opens its raw JSON (and an
 * LLM or TTS bar its request inspector). Pure over the model, the layout and the feed's events:
 * a span picks the event that began it, a point mark the event nearest the pointer.
 */
import type { EngineEvent, EngineEventType } from '../../../../../shared/engine-events';
import type { TimelineModel } from '../model/timeline-model';
import { type LaneLayout, laneAtY } from './lane-layout';
import { timeAt, type Viewport } from './timeline-viewport';
import { toolAt } from './hit-test';

export type MarkPick =
  /** `span`: a state span picked somewhere inside (its change opens; the cursor stays at the click). */
  | { kind: 'event'; event: EngineEvent; span?: true }
  | {
      kind: 'request';
      request: { kind: 'llm' | 'tts'; requestId: string };
      t: number;
      event: EngineEvent | null;
    };

/** How near (px) a point mark must be to count as clicked. */
const NEAR_PX = 6;

/** The lanes drawn from point events, and the event types behind their marks. */
const POINT_LANES: Partial<Record<string, readonly EngineEventType[]>> = {
  vad: ['vad_inference'],
  transcript: ['user_input_transcribed', 'end_of_turn'],
  interruptions: ['interruption', 'agent_false_interruption'],
  preemptive: ['preemptive_generation'],
  markers: ['config_updated', 'agent_handoff', 'provider_switched', 'error', 'warning', 'close'],
};

/** The lanes drawn as state spans: a click inside picks the change that began the span. */
const STATE_LANES: Partial<Record<string, EngineEventType>> = {
  user: 'user_state_changed',
  agent: 'agent_state_changed',
};

/** The event of `types` nearest `t` within `nearMs`, latest on a tie. */
export function nearestEvent(
  events: readonly EngineEvent[],
  types: readonly EngineEventType[],
  t: number,
  nearMs: number,
): EngineEvent | null {
  let best: EngineEvent | null = null;
  for (const ev of events) {
    if (!types.includes(ev.type)) continue;
    const d = Math.abs(ev.t - t);
    if (d <= nearMs && (best === null || d <= Math.abs(best.t - t))) best = ev;
  }
  return best;
}

/** The last event matching `test` at or before `t`, else the first after it. */
function lastAtOrBefore(events: readonly EngineEvent[], t: number, test: (ev: EngineEvent) => boolean) {
  let before: EngineEvent | null = null;
  let after: EngineEvent | null = null;
  for (const ev of events) {
    if (!test(ev)) continue;
    if (ev.t <= t) before = ev;
    else if (!after) after = ev;
  }
  return before ?? after;
}

export function pickAt(
  model: TimelineModel,
  layout: LaneLayout,
  view: Viewport,
  x: number,
  y: number,
  events: readonly EngineEvent[],
): MarkPick | null {
  const box = laneAtY(layout, y);
  if (!box || x < 0 || x > view.widthPx) return null;
  const t = timeAt(view, x);
  const near = NEAR_PX * view.msPerPx;
  const asEvent = (event: EngineEvent | null): MarkPick | null => (event ? { kind: 'event', event } : null);

  const state = STATE_LANES[box.id];
  if (state) {
    const event = lastAtOrBefore(events, t, (ev) => ev.type === state);
    return event ? { kind: 'event', event, span: true } : null;
  }
  const points = POINT_LANES[box.id];
  if (points) return asEvent(nearestEvent(events, points, t, near));

  switch (box.id) {
    case 'speech-queue': {
      const row = Math.max(0, Math.min(box.rows - 1, Math.floor(((y - box.top) / box.height) * box.rows)));
      const bars = model.speech.speeches.within(t - near, t + near);
      const bar = bars.find((b) => b.row === row) ?? bars.at(-1);
      if (!bar) return null;
      return asEvent(
        lastAtOrBefore(events, t, (ev) => ev.type === 'speech_lifecycle' && ev.speechId === bar.id),
      );
    }
    case 'llm-tts': {
      const llm = y - box.top < box.height / 2;
      const retry = nearestEvent(events, ['provider_retry'], t, near);
      if (retry?.type === 'provider_retry' && retry.kind === (llm ? 'llm' : 'tts')) return asEvent(retry);
      const span = (llm ? model.llm : model.tts).within(t - near, t + near).at(-1);
      if (!span) return null;
      const type = llm ? 'llm_request' : 'tts_request';
      const event = lastAtOrBefore(
        events,
        t,
        (ev) => ev.type === type && 'requestId' in ev && ev.requestId === span.requestId,
      );
      return {
        kind: 'request',
        request: { kind: span.kind, requestId: span.requestId },
        t: span.start,
        event,
      };
    }
    case 'tools': {
      const tool = toolAt(model, view, x);
      if (!tool) return null;
      return asEvent(
        lastAtOrBefore(events, t, (ev) => ev.type === 'tool_execution' && ev.callId === tool.callId),
      );
    }
    default:
      return null;
  }
}
