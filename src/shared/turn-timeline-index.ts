/**
 * Indexes the engine events a turn's latency timeline is drawn from, per speech: its creation,
 * queue states, LLM and TTS requests, tool calls and first audio, plus the end-of-turn decisions
 * and the on_user_turn_completed runs. One pass, no derived numbers: the builder reads times here.
 */
import type { EngineEvent, EngineEventOf } from './engine-events';

export interface RequestTimes {
  requestId: string;
  start: number;
  /** LLM: first token; TTS: first audio byte. */
  first: number | null;
  end: number | null;
  /** Why the request ended in error (its `end` event's error), else null. */
  error: string | null;
  /** TTS only, from the first_byte event (undefined: recorded before the fields existed). */
  firstTextAt?: number | null;
  textReadyAt?: number | null;
}

export interface SpeechTimes {
  id: string;
  createdAt: number | null;
  source: string | null;
  userInitiated: boolean | null;
  scheduledAt: number | null;
  /** The first authorization after it was scheduled. */
  authorizedAt: number | null;
  /** First agent audio of the speech (playback_started, else the playout_started state). */
  audioAt: number | null;
  /** Audio played [start, end] intervals, for "waiting behind" labels. */
  playouts: { start: number; end: number | null }[];
  doneAt: number | null;
  /** Output paused by a possible interruption (a false one resumes it), with its cause. */
  pauses: { start: number; end: number | null; cause: string }[];
  preemptiveAt: number | null;
  llm: RequestTimes[];
  tts: RequestTimes[];
  tools: { name: string; start: number; end: number | null }[];
  /** Realtime model responses of the speech, from their metrics (times on the session clock). */
  realtime: RealtimeResponseTimes[];
  /** Created by the realtime model's server (generation_created), not asked for by the engine. */
  byRealtimeServer: boolean;
}

export interface RealtimeResponseTimes {
  requestId: string;
  /** response.created. */
  responseAt: number;
  /** The response's first audio or text from the model; null when it reported none. */
  firstAt: number | null;
  endAt: number;
}

export interface TurnEventIndex {
  speeches: Map<string, SpeechTimes>;
  endOfTurns: EngineEventOf<'end_of_turn'>[];
  hooks: EngineEventOf<'user_turn_completed'>[];
  eouMetrics: { t: number; speechId: string; eouMs: number; transcriptionMs: number; hookMs: number }[];
  /** When speech really ended, from the VAD's user_state_changed → listening, ascending. */
  userStops: number[];
  /** Every end of the user's speech (the VAD's, or the realtime server's speech stopped), ascending. */
  userStoppedAt: number[];
  lastT: number;
}

/** Event types the latency timeline reads; the model keeps only these. */
export const TURN_EVENT_TYPES = new Set<EngineEvent['type']>([
  'user_state_changed',
  'end_of_turn',
  'user_turn_completed',
  'speech_created',
  'speech_lifecycle',
  'llm_request',
  'tts_request',
  'tool_execution',
  'preemptive_generation',
  'playback_started',
  'playback_finished',
  'metrics_collected',
]);

function speech(index: Map<string, SpeechTimes>, id: string): SpeechTimes {
  let s = index.get(id);
  if (!s) {
    s = {
      id,
      createdAt: null,
      source: null,
      userInitiated: null,
      scheduledAt: null,
      authorizedAt: null,
      audioAt: null,
      playouts: [],
      doneAt: null,
      pauses: [],
      preemptiveAt: null,
      llm: [],
      tts: [],
      tools: [],
      realtime: [],
      byRealtimeServer: false,
    };
    index.set(id, s);
  }
  return s;
}

function request(list: RequestTimes[], requestId: string, t: number): RequestTimes {
  let r = list.find((x) => x.requestId === requestId);
  if (!r) {
    r = { requestId, start: t, first: null, end: null, error: null };
    list.push(r);
  }
  return r;
}

export function indexTurnEvents(events: readonly EngineEvent[]): TurnEventIndex {
  const speeches = new Map<string, SpeechTimes>();
  const out: TurnEventIndex = {
    speeches,
    endOfTurns: [],
    hooks: [],
    eouMetrics: [],
    userStops: [],
    userStoppedAt: [],
    lastT: 0,
  };
  // Realtime metrics come from the model's session, outside any speech (as in the seed).
  const unattributed: RealtimeResponseTimes[] = [];
  for (const e of events) {
    out.lastT = Math.max(out.lastT, e.t);
    switch (e.type) {
      case 'user_state_changed':
        if (e.newState === 'listening' && e.oldState === 'speaking') {
          if (e.speechEndedAt !== undefined) out.userStops.push(e.speechEndedAt);
          out.userStoppedAt.push(e.speechEndedAt ?? e.t);
        }
        break;
      case 'end_of_turn':
        if (e.committed) out.endOfTurns.push(e);
        break;
      case 'user_turn_completed':
        out.hooks.push(e);
        break;
      case 'speech_created': {
        const s = speech(speeches, e.speechId);
        s.createdAt ??= e.t;
        s.source = e.source;
        s.userInitiated = e.userInitiated;
        break;
      }
      case 'speech_lifecycle': {
        const s = speech(speeches, e.speechId);
        if (e.state === 'created') {
          s.createdAt ??= e.t;
          s.source ??= e.source ?? null;
          if (e.source === 'realtime') s.byRealtimeServer = true;
        } else if (e.state === 'scheduled') s.scheduledAt ??= e.t;
        else if (e.state === 'authorized' && s.scheduledAt !== null) s.authorizedAt ??= e.t;
        else if (e.state === 'playout_started' && s.audioAt === null) {
          s.audioAt = e.t;
          s.playouts.push({ start: e.t, end: null });
        } else if (e.state === 'paused')
          s.pauses.push({ start: e.t, end: null, cause: e.cause ?? 'interruption' });
        else if (e.state === 'resumed') {
          const open = s.pauses.at(-1);
          if (open && open.end === null) open.end = e.t;
        } else if (e.state === 'done') s.doneAt ??= e.t;
        break;
      }
      case 'playback_started':
        if (e.speechId !== null) {
          const s = speech(speeches, e.speechId);
          if (s.audioAt === null) s.audioAt = e.t;
          const open = s.playouts.at(-1);
          if (!open || open.end !== null) s.playouts.push({ start: e.t, end: null });
        }
        break;
      case 'playback_finished':
        if (e.speechId !== null) {
          const open = speech(speeches, e.speechId).playouts.at(-1);
          if (open && open.end === null) open.end = e.t;
        }
        break;
      case 'preemptive_generation':
        if (e.phase === 'started') speech(speeches, e.speechId).preemptiveAt ??= e.t;
        break;
      case 'llm_request':
      case 'tts_request': {
        if (e.speechId === null) break;
        const s = speech(speeches, e.speechId);
        const r = request(e.type === 'llm_request' ? s.llm : s.tts, e.requestId, e.t);
        if (e.phase === 'first_token' || e.phase === 'first_byte') r.first ??= e.t;
        if (e.phase === 'end') {
          r.end ??= e.t;
          if (e.error) r.error ??= e.error;
        }
        if (e.type === 'tts_request' && e.phase === 'first_byte') {
          if (e.firstTextAt !== undefined) r.firstTextAt = e.firstTextAt;
          if (e.textReadyAt !== undefined) r.textReadyAt = e.textReadyAt;
        }
        break;
      }
      case 'tool_execution': {
        if (e.speechId === null) break;
        const tools = speech(speeches, e.speechId).tools;
        if (e.phase === 'start') tools.push({ name: e.name, start: e.t, end: null });
        else {
          const open = tools.find((x) => x.end === null && x.name === e.name);
          if (open) open.end = e.t;
        }
        break;
      }
      case 'metrics_collected':
        if (e.metrics.type === 'realtime') {
          const m = e.metrics;
          const r: RealtimeResponseTimes = {
            requestId: m.requestId,
            responseAt: m.timestamp,
            firstAt: m.ttftMs >= 0 ? m.timestamp + m.ttftMs : null,
            endAt: m.timestamp + m.durationMs,
          };
          if (m.speechId !== null) speech(speeches, m.speechId).realtime.push(r);
          else unattributed.push(r);
        }
        if (e.metrics.type === 'eou' && e.metrics.speechId !== null)
          out.eouMetrics.push({
            t: e.metrics.timestamp,
            speechId: e.metrics.speechId,
            eouMs: e.metrics.endOfUtteranceDelayMs,
            transcriptionMs: e.metrics.transcriptionDelayMs,
            hookMs: e.metrics.onUserTurnCompletedDelayMs,
          });
        break;
      default:
        break;
    }
  }
  for (const r of unattributed) attributeRealtime(speeches, r);
  return out;
}

/** A speech created this long after response.created still belongs to it (generation_created follows it). */
const RESPONSE_PAIRING_MS = 50;

/**
 * A realtime response without a speech id belongs to the newest speech created before it (or
 * just after it: the server's generation) that was not done yet.
 */
function attributeRealtime(speeches: Map<string, SpeechTimes>, r: RealtimeResponseTimes): void {
  let best: SpeechTimes | null = null;
  for (const s of speeches.values()) {
    if (s.createdAt === null || s.createdAt > r.responseAt + RESPONSE_PAIRING_MS) continue;
    if (s.doneAt !== null && s.doneAt < r.responseAt) continue;
    if (!best || s.createdAt > (best.createdAt ?? -Infinity)) best = s;
  }
  best?.realtime.push(r);
}
