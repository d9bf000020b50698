/**
 * Per-turn latency as a timeline: each turn drawn from the events' own timestamps on one time
 * axis that starts when the user stopped speaking (a spoken turn) or when the reply was asked
 * for (a typed or API turn), and ends when the reply's audio began. Work that ran in parallel
 * sits on parallel rows; the stretches no segment covers are kept as gaps named by the events
 * around them, so the segments plus the gaps are the whole silence. Pure: events in, segments out.
 */
import type { EngineEvent, EngineEventOf } from './engine-events';
import { indexTurnEvents, type SpeechTimes, type TurnEventIndex } from './turn-timeline-index';
import { isRealtimeSpeech, realtimeSegments, realtimeTurnStarts } from './turn-timeline-realtime';

export type SegmentKind =
  | 'eot_decision'
  | 'transcription'
  | 'turn_settle'
  | 'event_loop'
  | 'on_user_turn_completed'
  | 'llm_ttft'
  | 'llm_stream'
  | 'tool'
  | 'queue_wait'
  | 'sentence_wait'
  | 'tts_ttfb'
  | 'playout'
  | 'paused'
  | 'rt_turn_detection'
  | 'rt_request'
  | 'rt_first_audio'
  | 'gap';

export type RowId = 'user' | 'llm' | 'tools' | 'queue' | 'tts' | 'playout' | 'gaps';

export const ROW_LABELS: Record<RowId, string> = {
  user: 'User turn',
  llm: 'LLM',
  tools: 'Tools',
  queue: 'Speech queue',
  tts: 'TTS',
  playout: 'Audio out',
  gaps: 'Not covered',
};
export const ROW_ORDER: readonly RowId[] = ['user', 'llm', 'tools', 'queue', 'tts', 'playout', 'gaps'];

export interface LatencySegment {
  /** Unique within its turn. */
  id: string;
  kind: SegmentKind;
  row: RowId;
  label: string;
  /** Session clock ms, clipped to the turn. */
  startAt: number;
  endAt: number;
  /** Ms after the turn's start (the axis). */
  startMs: number;
  endMs: number;
  /** Drawn inside another segment (transcription inside the end-of-turn decision). */
  nested: boolean;
  /** The work began this long before the turn's start (a preemptive request), ms; else 0. */
  startedBeforeMs: number;
}

export interface TurnTimeline {
  /** The reply speech's id. */
  id: string;
  index: number;
  /** 'user_stopped': spoken turn; 'reply_requested': typed text or an API generate_reply. */
  anchor: 'user_stopped' | 'reply_requested';
  startAt: number;
  /** When the reply's audio began; null when none followed. */
  audioAt: number | null;
  /** The silence heard (start → audio), ms; null without audio. */
  e2eMs: number | null;
  segments: LatencySegment[];
  /** Ms of the silence covered by named segments, and that share of it (null without audio). */
  coveredMs: number;
  coverage: number | null;
  preemptive: boolean;
  /** The reply waited in the speech queue for longer than a millisecond. */
  queued: boolean;
}

/** Shorter than this, a segment or gap is clock noise and is not drawn. */
export const MIN_SEGMENT_MS = 0.5;
/**
 * Recordings without user_turn_completed: an end-of-utterance metric is paired with the committed
 * decision nearest to it that came no later than this after it, ms.
 */
const EOT_PAIRING_MS = 50;

interface Draft {
  speechId: string;
  anchor: TurnTimeline['anchor'];
  startAt: number;
  user: {
    eot: EngineEventOf<'end_of_turn'> | null;
    eotAt: number;
    /** When the final transcript arrived, null when unknown. */
    transcriptAt: number | null;
    hookStart: number | null;
    hookEnd: number | null;
  } | null;
}

function spokenDrafts(ix: TurnEventIndex): Draft[] {
  const drafts: Draft[] = [];
  // The decision a hook answers, by the engine's order, not by how close two stamps are: the
  // turn's task notes endOfTurnAt inside recognition's onEndOfTurn call, recognition emits
  // end_of_turn as that call returns, and the hook starts only after the task's first await. So
  // the decision's event is the first committed one stamped at or after endOfTurnAt, and no later
  // than hookStartedAt, however long that synchronous step took on the wall clock (a loaded
  // machine stalls it for tens of ms).
  const decisionOf = (h: EngineEventOf<'user_turn_completed'>) =>
    ix.endOfTurns.find((e) => e.t >= h.endOfTurnAt && e.t <= h.hookStartedAt) ?? null;
  const eotAtOrBefore = (t: number) => {
    let best: EngineEventOf<'end_of_turn'> | null = null;
    for (const e of ix.endOfTurns)
      if (e.t <= t + EOT_PAIRING_MS && (!best || Math.abs(e.t - t) < Math.abs(best.t - t))) best = e;
    return best;
  };
  const anchorOf = (eot: EngineEventOf<'end_of_turn'> | null, eotAt: number, eouMs = 0): number => {
    if (eot?.userStoppedAt != null) return eot.userStoppedAt;
    // Recorded before end_of_turn carried it: the VAD's last end of speech since the previous
    // decision, else the end-of-utterance metric's delay back from the decision.
    const previous = ix.endOfTurns.filter((e) => e.t < (eot?.t ?? eotAt)).at(-1)?.t ?? -Infinity;
    const vad = ix.userStops.filter((t) => t <= eotAt && t > previous).at(-1);
    return vad ?? (eot?.t ?? eotAt) - eouMs;
  };
  for (const h of ix.hooks) {
    if (h.speechId === null) continue;
    const eot = decisionOf(h);
    drafts.push({
      speechId: h.speechId,
      anchor: 'user_stopped',
      startAt: anchorOf(eot, h.endOfTurnAt),
      user: {
        eot,
        eotAt: h.endOfTurnAt,
        transcriptAt: eot?.transcriptAt ?? null,
        hookStart: h.hookStartedAt,
        hookEnd: h.t,
      },
    });
  }
  if (ix.hooks.length > 0) return drafts;
  // A recording made before user_turn_completed existed: the end-of-utterance metrics say which
  // speech answered a turn and how long its hook ran (it ended just before the metric).
  for (const m of ix.eouMetrics) {
    const eot = eotAtOrBefore(m.t);
    const eotAt = eot?.t ?? m.t - m.hookMs;
    const startAt = anchorOf(eot, eotAt, m.eouMs);
    drafts.push({
      speechId: m.speechId,
      anchor: 'user_stopped',
      startAt,
      user: {
        eot,
        eotAt,
        transcriptAt: eot?.transcriptAt ?? (m.transcriptionMs > 0 ? startAt + m.transcriptionMs : null),
        hookStart: m.t - m.hookMs,
        hookEnd: m.t,
      },
    });
  }
  return drafts;
}

/** Builds every turn of the session, in order of their start. */
export function buildTurnTimelines(events: readonly EngineEvent[]): TurnTimeline[] {
  const ix = indexTurnEvents(events);
  const drafts = spokenDrafts(ix);
  const spoken = new Set(drafts.map((d) => d.speechId));
  for (const s of ix.speeches.values()) {
    if (spoken.has(s.id) || s.source !== 'generate_reply' || s.userInitiated !== true) continue;
    if (s.createdAt === null || s.preemptiveAt !== null) continue;
    drafts.push({ speechId: s.id, anchor: 'reply_requested', startAt: s.createdAt, user: null });
  }
  // A realtime model's server detected the end of speech and answered by itself.
  for (const r of realtimeTurnStarts(ix, new Set(drafts.map((d) => d.speechId))))
    drafts.push({ speechId: r.speechId, anchor: 'user_stopped', startAt: r.startAt, user: null });
  drafts.sort((a, b) => a.startAt - b.startAt);
  return drafts.map((d, i) => buildTurn(d, i + 1, ix));
}

/**
 * What of an earlier turn was still running when this turn's end was decided, as the engine
 * waits for it before this turn's hook (agent_activity's _user_turn_completed_task): another
 * turn's on_user_turn_completed, and replies it interrupts. Null when nothing was.
 */
function previousTurnWork(ix: TurnEventIndex, speechId: string, eotAt: number): string | null {
  const hook = ix.hooks.some((h) => h.speechId !== speechId && h.hookStartedAt <= eotAt && h.t > eotAt);
  let reply = false;
  for (const s of ix.speeches.values()) {
    // A speech in the queue or playing; a preemptive one not yet scheduled is not waited for.
    const since = s.scheduledAt ?? (s.preemptiveAt === null ? s.createdAt : null);
    if (s.id === speechId || since === null || since > eotAt) continue;
    if (s.doneAt === null || s.doneAt > eotAt) reply = true;
  }
  if (hook && reply) return 'its on_user_turn_completed, the interrupted reply';
  if (hook) return 'its on_user_turn_completed';
  return reply ? 'the interrupted reply' : null;
}

function buildTurn(d: Draft, index: number, ix: TurnEventIndex): TurnTimeline {
  const s = ix.speeches.get(d.speechId);
  const audioAt =
    s?.audioAt !== null && s?.audioAt !== undefined && s.audioAt >= d.startAt ? s.audioAt : null;
  // Without audio the turn is drawn up to its speech's end (or the newest event).
  const horizon = audioAt ?? s?.doneAt ?? ix.lastT;
  const segs: LatencySegment[] = [];
  const add = (
    kind: SegmentKind,
    row: RowId,
    label: string,
    from: number | null,
    to: number | null,
    nested = false,
  ) => {
    if (from === null || to === null) return;
    const a = Math.max(from, d.startAt);
    const b = Math.min(to, horizon);
    if (b - a < MIN_SEGMENT_MS) return;
    segs.push({
      id: `${kind}_${segs.length}`,
      kind,
      row,
      label,
      startAt: a,
      endAt: b,
      startMs: a - d.startAt,
      endMs: b - d.startAt,
      nested,
      startedBeforeMs: Math.max(0, d.startAt - from),
    });
  };

  if (d.user) {
    const { eot, eotAt, transcriptAt, hookStart, hookEnd } = d.user;
    const waited = eot ? ` (waited ${Math.round(eot.delayMs)} ms)` : '';
    add('eot_decision', 'user', `End-of-turn decision${waited}`, d.startAt, eotAt);
    if (transcriptAt !== null)
      add(
        'transcription',
        'user',
        'Transcription delay (inside the decision)',
        d.startAt,
        Math.min(transcriptAt, eotAt),
        true,
      );
    // Between the decision and the hook the engine waits for what the previous turn still runs
    // (its hook, a reply to interrupt); with nothing running, the time is the event loop's.
    const settle = previousTurnWork(ix, d.speechId, eotAt);
    if (settle) add('turn_settle', 'user', `Finishing the previous turn (${settle})`, eotAt, hookStart);
    else add('event_loop', 'user', 'Event loop delay (no previous turn to finish)', eotAt, hookStart);
    add('on_user_turn_completed', 'user', 'on_user_turn_completed', hookStart, hookEnd);
  }
  if (s) speechSegments(s, d, ix, horizon, add);
  if (s && isRealtimeSpeech(s))
    realtimeSegments(s, d.startAt, d.user === null && d.anchor === 'user_stopped', horizon, add);
  const named = segs.filter((x) => !x.nested);
  // Every uncovered stretch counts against the coverage; those long enough to see are drawn.
  const gaps = audioAt === null ? [] : uncovered(named, d.startAt, audioAt);
  for (const g of gaps) add('gap', 'gaps', gapLabel(named, g.from, g.to), g.from, g.to);
  const e2eMs = audioAt === null ? null : audioAt - d.startAt;
  const gapMs = gaps.reduce((sum, g) => sum + (g.to - g.from), 0);
  const coveredMs = e2eMs === null ? 0 : e2eMs - gapMs;
  return {
    id: d.speechId,
    index,
    anchor: d.anchor,
    startAt: d.startAt,
    audioAt,
    e2eMs,
    segments: segs,
    coveredMs,
    coverage: e2eMs === null ? null : e2eMs <= 0 ? 1 : coveredMs / e2eMs,
    preemptive: s?.preemptiveAt != null,
    queued: segs.some((x) => x.kind === 'queue_wait' && x.endMs - x.startMs >= 1),
  };
}

type Add = (kind: SegmentKind, row: RowId, label: string, from: number | null, to: number | null) => void;

function speechSegments(s: SpeechTimes, d: Draft, ix: TurnEventIndex, horizon: number, add: Add): void {
  // Requests made after the audio began (a tool reply's) are not part of this silence.
  const llm = s.llm.filter((r) => r.start < horizon);
  const tts = s.tts.filter((r) => r.start < horizon);
  const multi = llm.length > 1;
  llm.forEach((r, i) => {
    const step = multi ? ` #${i + 1}` : '';
    const pre = s.preemptiveAt !== null && d.user !== null && r.start < d.user.eotAt ? ' (preemptive)' : '';
    // A request that ended without a token has no time to first token: say how it ended. (One
    // still open draws nothing yet: a segment needs both ends.)
    const label =
      r.first !== null
        ? `LLM request${step}${pre} → first token`
        : r.error !== null
          ? `LLM request${step}${pre} failed: ${shortError(r.error)}`
          : `LLM request${step}${pre} (no token before it ended)`;
    add('llm_ttft', 'llm', label, r.start, r.first ?? r.end);
    if (r.first !== null) add('llm_stream', 'llm', `LLM streaming${step}`, r.first, r.end);
  });
  for (const tool of s.tools) add('tool', 'tools', `Tool ${tool.name}`, tool.start, tool.end);
  if (s.scheduledAt !== null) {
    const behind = [...ix.speeches.values()]
      .filter(
        (o) =>
          o.id !== s.id &&
          o.playouts.some(
            (p) => p.start < (s.authorizedAt ?? Infinity) && (p.end ?? Infinity) > s.scheduledAt!,
          ),
      )
      .map((o) => o.id);
    const why = behind.length > 0 ? ` (behind ${behind.join(', ')})` : '';
    add('queue_wait', 'queue', `Waiting in the speech queue${why}`, s.scheduledAt, s.authorizedAt);
  }
  let firstByte: number | null = null;
  tts.forEach((r, i) => {
    const step = tts.length > 1 ? ` #${i + 1}` : '';
    if (r.first !== null && (firstByte === null || r.first < firstByte)) firstByte = r.first;
    if (r.first === null) {
      const how = r.error !== null ? ` failed: ${shortError(r.error)}` : ' (no audio before it ended)';
      add('tts_ttfb', 'tts', `TTS request${step}${how}`, r.start, r.end);
      return;
    }
    if (r.firstTextAt === undefined) {
      // Recorded before first_byte carried its text times: from the request's opening.
      add(
        'tts_ttfb',
        'tts',
        `TTS request${step} open → first byte (includes waiting for text)`,
        r.start,
        r.first ?? r.end,
      );
      return;
    }
    const textAt = r.firstTextAt ?? r.start;
    if (r.textReadyAt != null)
      add('sentence_wait', 'tts', `Waiting for the first sentence${step}`, textAt, r.textReadyAt);
    add('tts_ttfb', 'tts', `TTS request${step} → first byte`, r.textReadyAt ?? textAt, r.first ?? r.end);
  });
  let resumedAt: number | null = null;
  for (const p of s.pauses) {
    const label =
      p.end !== null
        ? `Paused: user speech (${p.cause}) looked like an interruption, resumed as a false one`
        : `Paused by an interruption (${p.cause})`;
    add('paused', 'playout', label, p.start, p.end ?? horizon);
    if (p.end !== null) resumedAt = Math.max(resumedAt ?? 0, Math.min(p.end, horizon));
  }
  if (firstByte !== null && s.audioAt !== null) {
    const from = Math.max(firstByte, s.authorizedAt ?? firstByte, resumedAt ?? firstByte);
    add('playout', 'playout', 'Audio output: first byte → playback started', from, s.audioAt);
  }
}

function uncovered(
  segs: readonly LatencySegment[],
  from: number,
  to: number,
): { from: number; to: number }[] {
  const spans = segs.map((x) => [x.startAt, x.endAt] as const).sort((a, b) => a[0] - b[0]);
  const gaps: { from: number; to: number }[] = [];
  let at = from;
  for (const [a, b] of spans) {
    if (a > at) gaps.push({ from: at, to: Math.min(a, to) });
    at = Math.max(at, b);
    if (at >= to) break;
  }
  if (to > at) gaps.push({ from: at, to });
  return gaps;
}

/** A gap is named by what ended just before it and what began right after it. */
function gapLabel(segs: readonly LatencySegment[], from: number, to: number): string {
  const before = segs.filter((x) => Math.abs(x.endAt - from) < MIN_SEGMENT_MS).at(0);
  const after = segs.filter((x) => Math.abs(x.startAt - to) < MIN_SEGMENT_MS).at(0);
  const a = before ? `after “${before.label}”` : 'after the turn began';
  const b = after ? `before “${after.label}”` : 'before the reply’s audio';
  return `No event: ${a}, ${b}`;
}

/** A provider's error as a segment label shows it: its first line, at most 160 characters. */
function shortError(error: string): string {
  const line = error.split('\n')[0];
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
