/**
 * Per-turn latency: how long the user waited in silence, and what that silence was made of.
 * The parts are laid end to end — end of utterance (transcription runs inside it), the
 * on_user_turn_completed hook, LLM time to first token, TTS time to first byte — and whatever
 * the metrics do not explain is kept as "other", so the bars always add up to the silence heard
 * (negative "other" means parts overlapped, e.g. a preemptive LLM request started early).
 */
import type { MetricEntry, PlaybackMark } from '../timeline/model/timeline-model';

export interface SpeechInfo {
  start: number;
  source: string | null;
  userInitiated: boolean | null;
}

/** What the turn builder reads; the timeline model provides all of it. */
export interface TurnInputs {
  eou: readonly MetricEntry<'eou'>[];
  llm: readonly MetricEntry<'llm'>[];
  tts: readonly MetricEntry<'tts'>[];
  playbackStarts: readonly PlaybackMark[];
  /** Times the agent entered `speaking`, ascending: audio start when playback events are missing. */
  speakingStarts: readonly number[];
  speeches: ReadonlyMap<string, SpeechInfo>;
}

export interface TurnLatency {
  /** The reply speech's id (or a synthetic one when the metric carried none). */
  id: string;
  /** 1-based order in the session. */
  index: number;
  /** 'user_stopped': an audio turn, from the end of the user's speech; 'reply_requested': a text or API turn. */
  anchor: 'user_stopped' | 'reply_requested';
  startAt: number;
  agentAudioAt: number | null;
  eouDelayMs: number;
  transcriptionDelayMs: number;
  onUserTurnCompletedMs: number;
  llmTtftMs: number | null;
  ttsTtfbMs: number | null;
  /** Start → agent audio: the silence the user heard; null when no audio followed. */
  e2eMs: number | null;
  /** e2e minus the sequential parts; null without e2e. */
  otherMs: number | null;
  promptTokens: number;
  completionTokens: number;
}

/** Sum of the parts laid end to end (transcription is inside end of utterance, not added). */
export function sequentialSum(
  t: Pick<TurnLatency, 'eouDelayMs' | 'onUserTurnCompletedMs' | 'llmTtftMs' | 'ttsTtfbMs'>,
): number {
  return t.eouDelayMs + t.onUserTurnCompletedMs + (t.llmTtftMs ?? 0) + (t.ttsTtfbMs ?? 0);
}

function firstAtOrAfter<T extends { t: number }>(
  items: readonly T[],
  t: number,
  before: number,
  match: (x: T) => boolean,
): T | undefined {
  for (const x of items) if (x.t >= t && x.t < before && match(x)) return x;
  return undefined;
}

export function buildTurns(input: TurnInputs): TurnLatency[] {
  const llmBySpeech = new Map<string, MetricEntry<'llm'>[]>();
  for (const e of input.llm) {
    if (e.m.speechId === null) continue;
    const list = llmBySpeech.get(e.m.speechId) ?? [];
    list.push(e);
    llmBySpeech.set(e.m.speechId, list);
  }
  const ttsBySpeech = new Map<string, MetricEntry<'tts'>>();
  for (const e of input.tts)
    if (e.m.speechId !== null && !ttsBySpeech.has(e.m.speechId) && !e.m.cancelled)
      ttsBySpeech.set(e.m.speechId, e);

  type Draft = {
    id: string;
    anchor: TurnLatency['anchor'];
    startAt: number;
    eou: MetricEntry<'eou'>['m'] | null;
  };
  const drafts: Draft[] = [];
  const withEou = new Set<string>();
  input.eou.forEach((e, i) => {
    const m = e.m;
    // The metric is emitted after the hook ran; the user stopped before the detector's wait.
    const startAt = m.timestamp - m.onUserTurnCompletedDelayMs - m.endOfUtteranceDelayMs;
    const id = m.speechId ?? `turn_${i + 1}`;
    withEou.add(id);
    drafts.push({ id, anchor: 'user_stopped', startAt, eou: m });
  });
  // Replies asked for without a spoken turn (typed text, generateReply) are turns too.
  for (const [id, s] of input.speeches) {
    if (withEou.has(id) || s.source !== 'generate_reply' || s.userInitiated !== true) continue;
    drafts.push({ id, anchor: 'reply_requested', startAt: s.start, eou: null });
  }
  drafts.sort((a, b) => a.startAt - b.startAt);

  return drafts.map((d, i) => {
    const nextStart = drafts[i + 1]?.startAt ?? Infinity;
    const own = firstAtOrAfter(input.playbackStarts, d.startAt, Infinity, (p) => p.speechId === d.id);
    const any = firstAtOrAfter(input.playbackStarts, d.startAt, nextStart, () => true);
    const speaking = input.speakingStarts.find((t) => t >= d.startAt && t < nextStart);
    const agentAudioAt = own?.t ?? any?.t ?? speaking ?? null;
    const llm = llmBySpeech.get(d.id) ?? [];
    const firstLlm = llm.find((e) => !e.m.cancelled) ?? llm[0];
    const tts = ttsBySpeech.get(d.id);
    const turn: TurnLatency = {
      id: d.id,
      index: i + 1,
      anchor: d.anchor,
      startAt: d.startAt,
      agentAudioAt,
      eouDelayMs: d.eou?.endOfUtteranceDelayMs ?? 0,
      transcriptionDelayMs: d.eou?.transcriptionDelayMs ?? 0,
      onUserTurnCompletedMs: d.eou?.onUserTurnCompletedDelayMs ?? 0,
      llmTtftMs: firstLlm ? firstLlm.m.ttftMs : null,
      ttsTtfbMs: tts ? tts.m.ttfbMs : null,
      e2eMs: agentAudioAt === null ? null : agentAudioAt - d.startAt,
      otherMs: null,
      promptTokens: llm.reduce((s, e) => s + e.m.promptTokens, 0),
      completionTokens: llm.reduce((s, e) => s + e.m.completionTokens, 0),
    };
    if (turn.e2eMs !== null) turn.otherMs = turn.e2eMs - sequentialSum(turn);
    return turn;
  });
}

export type WaterfallKey =
  'eou' | 'transcription' | 'on_user_turn_completed' | 'llm_ttft' | 'tts_ttfb' | 'other' | 'overlap' | 'e2e';

export interface WaterfallRow {
  key: WaterfallKey;
  label: string;
  /** A label short enough for the chart's category axis. */
  short: string;
  /** Where the bar starts, ms after the turn's start. */
  offsetMs: number;
  durationMs: number;
  /** Drawn inside another part (transcription inside end of utterance); not part of the sum. */
  nested: boolean;
  /** True for a part the metrics did not report (drawn empty, labelled n/a). */
  missing: boolean;
}

/** Noise below this is not worth an "other" bar (timers tick in ms). */
export const OTHER_EPSILON_MS = 1;

export function waterfallRows(turn: TurnLatency): WaterfallRow[] {
  const rows: WaterfallRow[] = [];
  let at = 0;
  const part = (key: WaterfallKey, label: string, short: string, ms: number | null) => {
    rows.push({ key, label, short, offsetMs: at, durationMs: ms ?? 0, nested: false, missing: ms === null });
    at += ms ?? 0;
  };
  const spoken = turn.anchor === 'user_stopped';
  if (spoken) {
    part('eou', 'End of utterance', 'EOU delay', turn.eouDelayMs);
    rows.push({
      key: 'transcription',
      label: 'Transcription delay (inside EOU)',
      short: '↳ transcription',
      offsetMs: 0,
      durationMs: turn.transcriptionDelayMs,
      nested: true,
      missing: false,
    });
    part(
      'on_user_turn_completed',
      'on_user_turn_completed',
      'on_user_turn_completed',
      turn.onUserTurnCompletedMs,
    );
  }
  part('llm_ttft', 'LLM time to first token', 'LLM TTFT', turn.llmTtftMs);
  part('tts_ttfb', 'TTS time to first byte', 'TTS TTFB', turn.ttsTtfbMs);
  if (turn.e2eMs === null || turn.otherMs === null) return rows;
  if (turn.otherMs >= OTHER_EPSILON_MS)
    rows.push({
      key: 'other',
      label: 'Other (unexplained)',
      short: 'other',
      offsetMs: at,
      durationMs: turn.otherMs,
      nested: false,
      missing: false,
    });
  else if (turn.otherMs <= -OTHER_EPSILON_MS)
    rows.push({
      key: 'overlap',
      label: 'Overlap (parts ran in parallel)',
      short: 'overlap',
      offsetMs: turn.e2eMs,
      durationMs: -turn.otherMs,
      nested: false,
      missing: false,
    });
  rows.push({
    key: 'e2e',
    label: spoken ? 'End to end (silence heard)' : 'End to end (request → audio)',
    short: 'end to end',
    offsetMs: 0,
    durationMs: turn.e2eMs,
    nested: false,
    missing: false,
  });
  return rows;
}

/** Per-turn series for the session charts. */
export interface TurnPoint {
  turn: number;
  id: string;
  e2e: number | null;
  ttft: number | null;
  ttfb: number | null;
}

export function turnSeries(turns: readonly TurnLatency[]): TurnPoint[] {
  return turns.map((t) => ({ turn: t.index, id: t.id, e2e: t.e2eMs, ttft: t.llmTtftMs, ttfb: t.ttsTtfbMs }));
}

export interface TokenPoint {
  request: number;
  speechId: string | null;
  prompt: number;
  cached: number;
  completion: number;
  /** The LLM's label (its provider and model) as its metrics name it. */
  label: string;
}

export function tokenSeries(llm: readonly MetricEntry<'llm'>[]): TokenPoint[] {
  return llm.map((e, i) => ({
    request: i + 1,
    speechId: e.m.speechId,
    prompt: e.m.promptTokens - e.m.promptCachedTokens,
    cached: e.m.promptCachedTokens,
    completion: e.m.completionTokens,
    label: e.m.label,
  }));
}

/**
 * The LLMs that reported no token usage for any of their requests (e.g. a server that sends no
 * usage, or a scripted LLM): their zeros are "not reported", not "used none". Empty when every
 * LLM reported some.
 */
export function silentTokenLabels(points: readonly TokenPoint[]): string[] {
  const reported = new Set<string>();
  const seen: string[] = [];
  for (const p of points) {
    if (!seen.includes(p.label)) seen.push(p.label);
    if (p.prompt + p.cached + p.completion > 0) reported.add(p.label);
  }
  return seen.filter((l) => !reported.has(l));
}
