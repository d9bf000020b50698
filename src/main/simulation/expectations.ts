/**
 * Checks a finished run against a scenario's `expect` block (format §7). Lists are compared
 * exactly (same length and order) except `events`, a greedy ordered subsequence. Every failure
 * says what was expected, what came and at which index, because that message is what the engine
 * engineer reads in CI to find the difference.
 */
import type { ChatItemData, EngineEvent, MetricsData } from '../../shared/engine-events';
import type { LlmRequestRecord } from './scenario-providers';
import type { PlaybackRecord } from './scripted-speaker';
import type { Expectations } from './scenario-schema';
import { checkRealtimeExpectations, type RealtimeRunRecord } from './realtime-expectations';

/** What a run produced, in clock ms; `originMs` is the clock time of t = 0. */
export interface RunRecord {
  originMs: number;
  events: EngineEvent[];
  llmRequests: LlmRequestRecord[];
  playbackFinished: PlaybackRecord[];
  /** The final agent's chat context at close. */
  chatContext: ChatItemData[];
  /** The fake realtime model's calls and conversation (format §14.2-14.4); absent without one. */
  realtime?: RealtimeRunRecord;
}

export interface CheckFailure {
  /** The expectation key, e.g. `agentStates`. */
  check: string;
  /** Index in the expected list, when the failure is about one entry. */
  index?: number;
  message: string;
}

/** One actual value to compare with one entry: its fields and its time (script ms). */
export interface Actual {
  fields: Record<string, unknown>;
  atMs: number | null;
  /** Short form for messages. */
  label: string;
}

export type Entry = Record<string, unknown> & { atMs?: number; tolMs?: number };

const MAX_SHOWN = 400;

export function show(v: unknown): string {
  const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Math.round(x * 1000) / 1000 : x));
  if (s === undefined) return String(v);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}

export const round = (n: number): number => Math.round(n * 1000) / 1000;

/** Deep equality where an expected object only constrains the keys it names. */
export function matchesPartially(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object')
    return Object.is(expected, actual) || expected === actual;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matchesPartially(e, (actual as unknown[])[i]))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([k, v]) =>
    matchesPartially(v, (actual as Record<string, unknown>)[k]),
  );
}

/** Field comparison rules shared by every list; returns a reason when the field differs. */
export type FieldRule = (expected: unknown, actual: Record<string, unknown>, tol: number) => string | null;

const exact =
  (field: string): FieldRule =>
  (e, a) =>
    matchesPartially(e, a[field]) ? null : `${field} ${show(e)} != ${show(a[field])}`;

export const within =
  (field: string): FieldRule =>
  (e, a, tol) => {
    const v = a[field];
    if (typeof v !== 'number' || typeof e !== 'number') return `${field} ${show(e)} != ${show(v)}`;
    return Math.abs(v - e) <= tol ? null : `${field} ${show(e)} != ${round(v)} (tolerance ${tol})`;
  };

const contains =
  (field: string, source: string): FieldRule =>
  (e, a) => {
    const v = a[source];
    return typeof v === 'string' && typeof e === 'string' && v.includes(e)
      ? null
      : `${source} ${show(v)} does not contain ${show(e)}`;
  };

/** JSON arguments compare by value, so `{"a":1}` matches `{ "a": 1 }`. */
const jsonArgs: FieldRule = (e, a) => {
  const parse = (x: unknown): unknown => {
    if (typeof x !== 'string') return x;
    try {
      return JSON.parse(x);
    } catch {
      return x;
    }
  };
  return matchesPartially(parse(e), parse(a.arguments)) && matchesPartially(parse(a.arguments), parse(e))
    ? null
    : `arguments ${show(e)} != ${show(a.arguments)}`;
};

function compareEntry(
  entry: Entry,
  actual: Actual,
  rules: Record<string, FieldRule>,
  defaultTol: number,
): string[] {
  const tol = entry.tolMs ?? defaultTol;
  const reasons: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'atMs' || key === 'tolMs' || value === undefined) continue;
    const rule = rules[key] ?? exact(key);
    const r = rule(value, actual.fields, tol);
    if (r) reasons.push(r);
  }
  if (entry.atMs !== undefined) {
    if (actual.atMs === null) reasons.push(`atMs ${entry.atMs} but the item has no time`);
    else if (Math.abs(actual.atMs - entry.atMs) > tol)
      reasons.push(`atMs ${entry.atMs} != ${round(actual.atMs)} (tolerance ${tol})`);
  }
  return reasons;
}

/** Exact list comparison: reports the first differing entry and any length difference. */
export function compareList(
  check: string,
  expected: Entry[],
  actual: Actual[],
  rules: Record<string, FieldRule>,
  tol: number,
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const reasons = compareEntry(expected[i], actual[i], rules, tol);
    if (reasons.length > 0) {
      failures.push({
        check,
        index: i,
        message: `${check}[${i}]: expected ${show(stripUndefined(expected[i]))}, got ${actual[i].label} (${reasons.join('; ')})`,
      });
      break; // later entries are usually shifted by the first difference
    }
  }
  if (expected.length !== actual.length) {
    failures.push({
      check,
      message: `${check}: expected ${expected.length} entries, got ${actual.length}: [${actual.map((a) => a.label).join(', ')}]`,
    });
  }
  return failures;
}

export function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const at = (t: number | null, origin: number): string => (t === null ? '' : `@${round(t - origin)}`);

function eventActual(
  ev: EngineEvent,
  origin: number,
  fields: Record<string, unknown>,
  label: string,
): Actual {
  return { fields, atMs: ev.t - origin, label: `${label}${at(ev.t, origin)}` };
}

function stateActuals(
  events: EngineEvent[],
  type: 'agent_state_changed' | 'user_state_changed',
  origin: number,
): Actual[] {
  return events.flatMap((ev) =>
    ev.type === type ? [eventActual(ev, origin, { state: ev.newState }, JSON.stringify(ev.newState))] : [],
  );
}

function chatLabel(item: ChatItemData): string {
  const brief =
    item.type === 'message'
      ? ` ${item.role}${item.interrupted ? ' (interrupted)' : ''} ${show(item.content)}`
      : item.type === 'function_call'
        ? ` ${item.name}(${item.arguments})`
        : item.type === 'function_call_output'
          ? ` ${item.name} -> ${show(item.output)}${item.isError ? ' (error)' : ''}`
          : '';
  return `{${item.type}${brief}}`;
}

/** A chat item timed by `t` (its createdAt for chatContext, the event time for conversationItems). */
export function chatActual(item: ChatItemData, t: number, origin: number): Actual {
  const { createdAt: _c, ...fields } = item;
  return { fields, atMs: t - origin, label: `${chatLabel(item)}${at(t, origin)}` };
}

const MESSAGE_RULES: Record<string, FieldRule> = { contentContains: contains('contentContains', 'content') };
export const CHAT_RULES: Record<string, FieldRule> = {
  ...MESSAGE_RULES,
  outputContains: contains('outputContains', 'output'),
  arguments: jsonArgs,
};

function metricActual(ev: EngineEvent & { type: 'metrics_collected' }, origin: number): Actual {
  const m: MetricsData = ev.metrics;
  const keys: Record<string, string[]> = {
    eou: ['endOfUtteranceDelayMs', 'transcriptionDelayMs', 'onUserTurnCompletedDelayMs'],
    llm: ['ttftMs', 'durationMs'],
    tts: ['ttfbMs', 'audioDurationMs'],
    stt: ['durationMs', 'audioDurationMs'],
  };
  const shown = (keys[m.type] ?? []).map((k) => `${k}=${round((m as Record<string, unknown>)[k] as number)}`);
  return eventActual(ev, origin, { ...m }, `{${m.type} ${shown.join(' ')}}`);
}

const METRIC_RULES: Record<string, FieldRule> = Object.fromEntries(
  [
    'endOfUtteranceDelayMs',
    'transcriptionDelayMs',
    'onUserTurnCompletedDelayMs',
    'ttftMs',
    'durationMs',
    'ttfbMs',
    'audioDurationMs',
  ].map((k) => [k, within(k)]),
);

/** The greedy subsequence of format §7 `events`: each entry to the first match after the last. */
function checkEvents(expected: Entry[], events: EngineEvent[], origin: number, tol: number): CheckFailure[] {
  const failures: CheckFailure[] = [];
  let from = 0;
  for (let i = 0; i < expected.length; i++) {
    const { atMs, tolMs, ...want } = expected[i];
    const found = events.findIndex((ev, k) => k >= from && matchesPartially(want, ev));
    if (found < 0) {
      const sameType = events.slice(from).filter((ev) => ev.type === want.type);
      const seen = sameType.length
        ? `events of that type after the previous match: ${sameType
            .slice(0, 5)
            .map((ev) => show(summarizeEvent(ev, origin)))
            .join(', ')}${sameType.length > 5 ? ', …' : ''}`
        : 'no event of that type after the previous match';
      failures.push({
        check: 'events',
        index: i,
        message: `events[${i}]: expected ${show(stripUndefined(expected[i]))}, not found (${seen})`,
      });
      return failures; // the rest cannot be placed meaningfully
    }
    const ev = events[found];
    const t = tolMs ?? tol;
    if (atMs !== undefined && Math.abs(ev.t - origin - atMs) > t) {
      failures.push({
        check: 'events',
        index: i,
        message: `events[${i}]: expected ${show(stripUndefined(expected[i]))}, got it at ${round(ev.t - origin)} (tolerance ${t})`,
      });
    }
    from = found + 1;
  }
  return failures;
}

function summarizeEvent(ev: EngineEvent, origin: number): Record<string, unknown> {
  const { t, ...rest } = ev;
  return { ...rest, atMs: round(t - origin) };
}

/** Runs every check the scenario states; an empty result means the run passed. */
export function checkExpectations(expect: Expectations, run: RunRecord, toleranceMs: number): CheckFailure[] {
  const o = run.originMs;
  const failures: CheckFailure[] = [];
  const norm = (e: string | Entry): Entry => (typeof e === 'string' ? { state: e } : e);

  if (expect.agentStates)
    failures.push(
      ...compareList(
        'agentStates',
        expect.agentStates.map(norm),
        stateActuals(run.events, 'agent_state_changed', o),
        {},
        toleranceMs,
      ),
    );
  if (expect.userStates)
    failures.push(
      ...compareList(
        'userStates',
        expect.userStates.map(norm),
        stateActuals(run.events, 'user_state_changed', o),
        {},
        toleranceMs,
      ),
    );
  if (expect.chatContext)
    failures.push(
      ...compareList(
        'chatContext',
        expect.chatContext,
        run.chatContext.map((i) => chatActual(i, i.createdAt, o)),
        CHAT_RULES,
        toleranceMs,
      ),
    );
  if (expect.conversationItems) {
    const items = run.events.flatMap((ev) =>
      ev.type === 'conversation_item_added' && ev.item.type === 'message'
        ? [chatActual(ev.item, ev.t, o)]
        : [],
    );
    failures.push(
      ...compareList('conversationItems', expect.conversationItems, items, MESSAGE_RULES, toleranceMs),
    );
  }
  if (expect.playbackFinished) {
    const pf = run.playbackFinished.map((p) => ({
      fields: { positionMs: p.positionMs, interrupted: p.interrupted },
      atMs: p.t - o,
      label: `{positionMs=${round(p.positionMs)}${p.interrupted ? ' interrupted' : ''}}${at(p.t, o)}`,
    }));
    failures.push(
      ...compareList(
        'playbackFinished',
        expect.playbackFinished,
        pf,
        { positionMs: within('positionMs') },
        toleranceMs,
      ),
    );
  }
  if (expect.metrics) {
    const ms = run.events.flatMap((ev) =>
      ev.type === 'metrics_collected' && ev.metrics.type !== 'vad' ? [metricActual(ev, o)] : [],
    );
    failures.push(...compareList('metrics', expect.metrics, ms, METRIC_RULES, toleranceMs));
  }
  if (expect.llmRequests) {
    const reqs = run.llmRequests.map((r) => ({
      fields: { tools: r.tools, toolChoice: r.toolChoice, key: r.key },
      atMs: r.t - o,
      label: show({ key: r.key, tools: r.tools, toolChoice: r.toolChoice }),
    }));
    failures.push(...compareList('llmRequests', expect.llmRequests, reqs, {}, toleranceMs));
  }
  if (expect.events) failures.push(...checkEvents(expect.events, run.events, o, toleranceMs));
  if (expect.eventCounts) {
    for (const [type, want] of Object.entries(expect.eventCounts)) {
      const got = run.events.filter((ev) => ev.type === type).length;
      if (got !== want)
        failures.push({ check: 'eventCounts', message: `eventCounts.${type}: expected ${want}, got ${got}` });
    }
  }
  failures.push(...checkRealtimeExpectations(expect, run.realtime, o, toleranceMs));
  return failures;
}
