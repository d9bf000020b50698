/**
 * The realtime expectations of format v2 (docs/scenario-format.md §14.2-14.4): `realtimeCalls`
 * (an ordered subsequence of the fake realtime model's calls, matched greedily like `events`),
 * `realtimeCallCounts` (exact counts per method) and `realtimeChatContext` (the last fake
 * session's conversation, compared exactly like `chatContext`). A file that names one of them
 * without `realtimeModel` fails with a message, not silently.
 */
import type { ChatItemData } from '../../shared/engine-events';
import type { RealtimeCallRecord } from '../engine';
import {
  chatActual,
  CHAT_RULES,
  compareList,
  matchesPartially,
  round,
  show,
  stripUndefined,
  within,
  type CheckFailure,
  type Entry,
} from './expectations';
import type { Expectations } from './scenario-schema';

export interface RealtimeRunRecord {
  /** The calls made before the harness started draining the session (§14.2). */
  calls: RealtimeCallRecord[];
  /** The last fake session's conversation at close (§14.4). */
  chatContext: ChatItemData[];
}

/** Why a recorded call does not match an entry's fields (ignoring its time); null if it does. */
function callMismatch(want: Entry, call: RealtimeCallRecord, tol: number): string | null {
  for (const [key, value] of Object.entries(want)) {
    if (value === undefined || key === 'atMs' || key === 'tolMs') continue;
    if (key === 'method') {
      if (call.method !== value) return `method ${show(value)} != ${show(call.method)}`;
      continue;
    }
    if (key === 'session') {
      if (call.session !== value) return `session ${show(value)} != ${call.session}`;
      continue;
    }
    if (!(key in call.fields)) return `${key}: the call has no such field`;
    if (key === 'audioEndMs') {
      const r = within(key)(value, call.fields, tol);
      if (r) return r;
      continue;
    }
    if (key === 'items') {
      const items = call.fields.items as ChatItemData[];
      const f = compareList(
        'items',
        value as Entry[],
        items.map((i) => chatActual(i, i.createdAt, 0)),
        CHAT_RULES,
        tol,
      );
      if (f.length > 0) return f[0].message;
      continue;
    }
    // null matches null; lists (tools, modalities) compare exactly, objects by their given keys
    if (!matchesPartially(value, call.fields[key]))
      return `${key} ${show(value)} != ${show(call.fields[key])}`;
  }
  return null;
}

function callLabel(c: RealtimeCallRecord, origin: number): string {
  const fields = c.method === 'updateChatCtx' ? { items: (c.fields.items as unknown[]).length } : c.fields;
  return `${c.method}#${c.session}${Object.keys(fields).length ? show(fields) : ''}@${round(Math.max(0, c.t - origin))}`;
}

function checkCalls(
  expected: Entry[],
  calls: RealtimeCallRecord[],
  origin: number,
  tol: number,
): CheckFailure[] {
  let from = 0;
  for (let i = 0; i < expected.length; i++) {
    const entry = expected[i];
    const t = entry.tolMs ?? tol;
    const found = calls.findIndex((c, k) => k >= from && callMismatch(entry, c, t) === null);
    if (found < 0) {
      const same = calls.slice(from).filter((c) => c.method === entry.method);
      const why = same.length
        ? `calls of that method after the previous match: ${same
            .slice(0, 5)
            .map((c) => `${callLabel(c, origin)} (${callMismatch(entry, c, t)})`)
            .join(', ')}${same.length > 5 ? ', …' : ''}`
        : 'no call of that method after the previous match';
      return [
        {
          check: 'realtimeCalls',
          index: i,
          message: `realtimeCalls[${i}]: expected ${show(stripUndefined(entry))}, not found (${why})`,
        },
      ];
    }
    // calls made inside start() are stamped t = 0 (§14.2)
    const atMs = Math.max(0, calls[found].t - origin);
    if (entry.atMs !== undefined && Math.abs(atMs - entry.atMs) > t)
      return [
        {
          check: 'realtimeCalls',
          index: i,
          message: `realtimeCalls[${i}]: expected ${show(stripUndefined(entry))}, got it at ${round(atMs)} (tolerance ${t})`,
        },
      ];
    from = found + 1;
  }
  return [];
}

export function checkRealtimeExpectations(
  expect: Expectations,
  run: RealtimeRunRecord | undefined,
  origin: number,
  tol: number,
): CheckFailure[] {
  const named = (['realtimeCalls', 'realtimeCallCounts', 'realtimeChatContext'] as const).filter(
    (k) => expect[k] !== undefined,
  );
  if (named.length === 0) return [];
  if (!run)
    return named.map((check) => ({
      check,
      message: `${check}: the scenario has no realtimeModel, so there are no realtime calls to check`,
    }));
  const failures: CheckFailure[] = [];
  if (expect.realtimeCalls) failures.push(...checkCalls(expect.realtimeCalls, run.calls, origin, tol));
  for (const [method, want] of Object.entries(expect.realtimeCallCounts ?? {})) {
    const got = run.calls.filter((c) => c.method === method).length;
    if (got !== want)
      failures.push({
        check: 'realtimeCallCounts',
        message: `realtimeCallCounts.${method}: expected ${want}, got ${got}`,
      });
  }
  if (expect.realtimeChatContext)
    failures.push(
      ...compareList(
        'realtimeChatContext',
        expect.realtimeChatContext,
        run.chatContext.map((i) => chatActual(i, i.createdAt, origin)),
        CHAT_RULES,
        tol,
      ),
    );
  return failures;
}
