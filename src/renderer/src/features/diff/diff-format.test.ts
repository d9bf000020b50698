import { describe, expect, it } from 'vitest';
import type { DiffTurn, DiffTurnFacts, RecordingDiffReport } from '../../../../shared/recording-diff';
import { diffRow, diffRows, fmtMs, summaryLines } from './diff-format';

const facts = (over: Partial<DiffTurnFacts> = {}): DiffTurnFacts => ({
  index: 0,
  transcript: 'What is the weather?',
  typed: false,
  endOfTurnMs: 2900,
  eouDelayMs: 400,
  e2eLatencyMs: 800,
  llmTtftMs: 100,
  ttsTtfbMs: 200,
  interruptions: 0,
  falseInterruptions: 0,
  reply: 'Sunny.',
  replyInterrupted: false,
  toolCalls: ['get_weather({"city":"Paris"})'],
  ...over,
});

const turn = (a: DiffTurnFacts | null, b: DiffTurnFacts | null, over: Partial<DiffTurn> = {}): DiffTurn => ({
  a,
  b,
  replyChanged: false,
  toolCallsChanged: false,
  delta: {
    endOfTurnMs: a && b ? b.endOfTurnMs - a.endOfTurnMs : null,
    e2eLatencyMs: a?.e2eLatencyMs != null && b?.e2eLatencyMs != null ? b.e2eLatencyMs - a.e2eLatencyMs : null,
    llmTtftMs: null,
    ttsTtfbMs: null,
  },
  ...over,
});

describe('diff rows', () => {
  it('marks a later end of turn as changed with its delta, and leaves equal measures plain', () => {
    const row = diffRow(turn(facts(), facts({ endOfTurnMs: 3400 })), 0);
    expect(row.turn).toBe(1);
    expect(row.presence).toBe('both');
    expect(row.endOfTurn).toEqual({ a: '2900 ms', b: '3400 ms', changed: true, delta: '+500 ms' });
    expect(row.endOfTurnMs).toEqual({ a: 2900, b: 3400 });
    expect(row.e2e.changed).toBe(false);
    expect(row.interruptions).toEqual({ a: '0', b: '0', changed: false, delta: '' });
    expect(row.reply.changed).toBe(false);
  });

  it('does not call sub-millisecond clock noise a change', () => {
    const row = diffRow(turn(facts({ e2eLatencyMs: 800.2 }), facts({ e2eLatencyMs: 799.9 })), 0);
    expect(row.e2e.changed).toBe(false);
  });

  it('shows changed replies, tool calls and interruption counts', () => {
    const b = facts({
      reply: 'It is',
      replyInterrupted: true,
      toolCalls: [],
      interruptions: 2,
      falseInterruptions: 1,
    });
    const row = diffRow(turn(facts(), b, { replyChanged: true, toolCallsChanged: true }), 2);
    expect(row.turn).toBe(3);
    expect(row.reply).toMatchObject({ a: 'Sunny.', b: 'It is [interrupted]', changed: true });
    expect(row.tools).toMatchObject({ a: 'get_weather({"city":"Paris"})', b: '(none)', changed: true });
    expect(row.interruptions).toEqual({ a: '0', b: '2', changed: true, delta: '+2' });
    expect(row.falseInterruptions.changed).toBe(true);
  });

  it('says which run a lone turn belongs to', () => {
    const row = diffRow(turn(null, facts({ transcript: 'Bye' })), 4);
    expect(row.presence).toBe('only B');
    expect(row.transcript).toBe('Bye');
    expect(row.endOfTurn).toMatchObject({ a: '—', b: '2900 ms', changed: true, delta: '' });
    expect(row.reply.a).toBe('—');
  });

  it('formats long times in seconds', () => {
    expect(fmtMs(12_345)).toBe('12.3 s');
    expect(fmtMs(null)).toBe('—');
  });
});

describe('diff summary', () => {
  it('reads the medians, counts and latency change', () => {
    const side = {
      turns: 2,
      interruptions: 1,
      falseInterruptions: 0,
      medianE2eLatencyMs: 800,
      medianLlmTtftMs: 100,
      medianTtsTtfbMs: 200,
      medianEouDelayMs: 400,
    };
    const report: RecordingDiffReport = {
      a: { id: 'a', path: '/a' },
      b: { id: 'b', path: '/b' },
      warnings: [],
      turns: [turn(facts(), facts({ endOfTurnMs: 3400 }))],
      summary: {
        a: side,
        b: { ...side, medianE2eLatencyMs: 1000, medianEouDelayMs: 900 },
        matchedTurns: 2,
        onlyInA: 0,
        onlyInB: 0,
        changedReplies: 1,
        changedToolCalls: 0,
        e2eLatencyChange: 0.25,
      },
    };
    expect(diffRows(report)).toHaveLength(1);
    const lines = summaryLines(report);
    expect(lines).toContain('Median e2e latency: 800 ms → 1000 ms (+25%)');
    expect(lines).toContain('Median end-of-utterance delay: 400 ms → 900 ms');
    expect(lines).toContain('Changed: 1 reply, 0 tool-call lists');
  });
});
