import { describe, expect, it } from 'vitest';
import { ENGINE_EVENT_TYPES, type EngineEvent } from '../../../../shared/engine-events';
import { EventFeed } from '../../store/event-feed';
import {
  ALL_EVENTS,
  compileFilter,
  FilteredEventIndex,
  matchForRow,
  typesForChoice,
  visibleRange,
} from './event-filter';
import { formatEventTime, summarizeEvent } from './event-summary';
import { agentState, executed, message, toolStart, vad } from '../../testing/test-events';

const list = (idx: FilteredEventIndex, rb: EventFeed) =>
  Array.from({ length: idx.count }, (_, k) => idx.eventAt(rb, k)?.t);

describe('event filter', () => {
  it('matches by type set and by case-insensitive text in the summary', () => {
    const hello = message(1, 'm1', 'user', 'Hello Weather');
    const match = compileFilter({ types: new Set(['conversation_item_added']), query: 'weather' });
    expect(match(hello)).toBe(true);
    expect(match(vad(2))).toBe(false);
    expect(compileFilter({ types: null, query: 'WEATHER' })(hello)).toBe(true);
    expect(compileFilter({ types: null, query: 'vad_inf' })(vad(3))).toBe(true);
    expect(compileFilter(ALL_EVENTS)(vad(3))).toBe(true);
  });

  it('offers everything, everything but VAD, or one type', () => {
    expect(typesForChoice('all', ENGINE_EVENT_TYPES)).toBeNull();
    const noVad = typesForChoice('no_vad', ENGINE_EVENT_TYPES);
    expect(noVad?.has('vad_inference')).toBe(false);
    expect(noVad?.size).toBe(ENGINE_EVENT_TYPES.length - 1);
    expect([...(typesForChoice('error', ENGINE_EVENT_TYPES) ?? [])]).toEqual(['error']);
  });

  it('summarizes every event type on one line', () => {
    expect(summarizeEvent(agentState(1, 'listening', 'thinking'))).toBe('listening → thinking');
    expect(summarizeEvent(message(1, 'm', 'assistant', 'Hi', true))).toBe('assistant: "Hi" (interrupted)');
    expect(
      summarizeEvent(executed(1, [{ callId: 'c', name: 'lookup', output: 'boom', isError: true }])),
    ).toBe('lookup → error "boom"');
    expect(summarizeEvent(toolStart(1, 'c1', 'lookup', '{"q":1}'))).toBe('start lookup({"q":1}) c1');
    expect(formatEventTime(61_234)).toBe('1:01.234');
  });
});

describe('FilteredEventIndex', () => {
  it('grows with appends, testing only the new events, and drops what the buffer dropped', () => {
    const rb = new EventFeed(5);
    const idx = new FilteredEventIndex();
    const filter = { types: new Set(['agent_state_changed'] as const), query: '' };
    rb.append([vad(1), agentState(2, 'listening', 'thinking'), vad(3)]);
    expect(idx.sync(rb, filter)).toBe(true);
    expect(list(idx, rb)).toEqual([2]);
    expect(idx.sync(rb, filter)).toBe(false);
    rb.append([
      agentState(4, 'thinking', 'speaking'),
      vad(5),
      vad(6),
      agentState(7, 'speaking', 'listening'),
    ]);
    idx.sync(rb, filter);
    // t=2 fell out of the 5-event buffer.
    expect(list(idx, rb)).toEqual([4, 7]);
    expect(idx.seqAt(0)).toBe(3);
  });

  it('recomputes when the filter changes and empties on a new session', () => {
    const rb = new EventFeed(10);
    const idx = new FilteredEventIndex();
    rb.append([vad(1), message(2, 'm', 'user', 'book a table'), vad(3)]);
    idx.sync(rb, ALL_EVENTS);
    expect(idx.count).toBe(3);
    idx.sync(rb, { types: null, query: 'table' });
    expect(list(idx, rb)).toEqual([2]);
    rb.reset({ kind: 'live', sessionId: 's2' });
    idx.sync(rb, { types: null, query: 'table' });
    expect(idx.count).toBe(0);
  });

  it('with 100,000 events, a batch costs only its own events: a filter change rescans once, later batches only themselves', () => {
    const rb = new EventFeed(100_000);
    const events: EngineEvent[] = [];
    for (let i = 0; i < 100_000; i++)
      events.push(i % 100 === 0 ? message(i, `m${i}`, 'user', `turn ${i}`) : vad(i, (i % 10) / 10));
    rb.append(events);
    const idx = new FilteredEventIndex();
    idx.sync(rb, { types: null, query: 'turn 99' });
    expect(idx.count).toBe(11); // turn 99xx: 9900, 99000..99900
    expect(idx.examined).toBe(100_000);
    // Later batches cost only their own events; an unchanged filter with no new events costs none.
    rb.append([message(100_001, 'late', 'user', 'turn 99 late')]);
    idx.sync(rb, { types: null, query: 'turn 99' });
    expect(idx.count).toBe(12);
    expect(idx.examined).toBe(100_001);
    idx.sync(rb, { types: null, query: 'turn 99' });
    expect(idx.examined).toBe(100_001);
    // A new filter scans what the feed holds once.
    idx.sync(rb, { types: null, query: 'late' });
    expect(idx.count).toBe(1);
    expect(idx.examined).toBe(100_001 + 100_000);
  });
});

describe('visibleRange', () => {
  it('renders only the rows in view plus overscan', () => {
    expect(
      visibleRange({ scrollTop: 0, viewportHeight: 220, rowHeight: 22, count: 100_000, overscan: 5 }),
    ).toEqual({ start: 0, end: 16 });
    expect(
      visibleRange({ scrollTop: 22_000, viewportHeight: 220, rowHeight: 22, count: 100_000, overscan: 5 }),
    ).toEqual({ start: 995, end: 1016 });
    expect(
      visibleRange({ scrollTop: 1e9, viewportHeight: 220, rowHeight: 22, count: 10, overscan: 5 }),
    ).toEqual({ start: 10, end: 10 });
    expect(visibleRange({ scrollTop: 0, viewportHeight: 220, rowHeight: 22, count: 0 })).toEqual({
      start: 0,
      end: 0,
    });
  });

  it('maps rows to matches newest first or oldest first', () => {
    expect(matchForRow(0, 10, true)).toBe(9);
    expect(matchForRow(0, 10, false)).toBe(0);
  });
});
