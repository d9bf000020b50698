import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import { checkExpectations, matchesPartially, type RunRecord } from './expectations';
import type { Expectations } from './scenario-schema';

const ev = (t: number, e: Record<string, unknown>): EngineEvent => ({ t, ...e }) as EngineEvent;

function record(partial: Partial<RunRecord> = {}): RunRecord {
  return { originMs: 0, events: [], llmRequests: [], playbackFinished: [], chatContext: [], ...partial };
}

const states = (list: Array<[number, string]>): EngineEvent[] =>
  list.map(([t, s]) => ev(t, { type: 'agent_state_changed', oldState: 'listening', newState: s }));

describe('exact lists with tolerance', () => {
  const run = record({
    events: states([
      [0, 'listening'],
      [3010.002, 'thinking'],
      [3500, 'speaking'],
    ]),
  });

  it('passes when every entry matches within the tolerance', () => {
    const exp: Expectations = {
      agentStates: [
        'listening',
        { state: 'thinking', atMs: 3000 },
        { state: 'speaking', atMs: 3600, tolMs: 100 },
      ],
    };
    expect(checkExpectations(exp, run, 250)).toEqual([]);
  });

  it('reports the index, the expected entry and what came when a time is off', () => {
    const f = checkExpectations({ agentStates: ['listening', { state: 'thinking', atMs: 3000 }] }, run, 5);
    expect(f[0]).toMatchObject({ check: 'agentStates', index: 1 });
    expect(f[0].message).toBe(
      'agentStates[1]: expected {"state":"thinking","atMs":3000}, got "thinking"@3010.002 (atMs 3000 != 3010.002 (tolerance 5))',
    );
    // lengths differ too
    expect(f[1].message).toBe(
      'agentStates: expected 2 entries, got 3: ["listening"@0, "thinking"@3010.002, "speaking"@3500]',
    );
  });

  it('the origin shifts every time', () => {
    const shifted = record({
      originMs: 1000,
      events: states([
        [1000, 'listening'],
        [4000, 'thinking'],
      ]),
    });
    expect(
      checkExpectations(
        {
          agentStates: [
            { state: 'listening', atMs: 0 },
            { state: 'thinking', atMs: 3000 },
          ],
        },
        shifted,
        0,
      ),
    ).toEqual([]);
  });

  it('chatContext checks only given fields, content exactly, contentContains, arguments by value', () => {
    const chat = record({
      chatContext: [
        {
          type: 'message',
          id: '1',
          role: 'user',
          content: 'Hello, how are you?',
          interrupted: false,
          createdAt: 3000,
        },
        {
          type: 'function_call',
          id: '2',
          callId: '1',
          name: 'get_weather',
          arguments: '{"location": "Tokyo"}',
          createdAt: 3300,
        },
        {
          type: 'function_call_output',
          id: '3',
          callId: '1',
          name: 'get_weather',
          output: 'sunny in Tokyo',
          isError: false,
          createdAt: 3300,
        },
      ],
    });
    expect(
      checkExpectations(
        {
          chatContext: [
            { type: 'message', role: 'user', content: 'Hello, how are you?', atMs: 3000 },
            { type: 'function_call', name: 'get_weather', arguments: { location: 'Tokyo' } },
            { type: 'function_call_output', outputContains: 'Tokyo', isError: false },
          ],
        },
        chat,
        250,
      ),
    ).toEqual([]);
    const f = checkExpectations(
      {
        chatContext: [{ type: 'message', content: 'Hello' }, { type: 'function_call' }, { type: 'message' }],
      },
      chat,
      250,
    );
    expect(f[0].message).toMatch(
      /^chatContext\[0\]: expected \{"type":"message","content":"Hello"\}, got \{message user "Hello, how are you\?"\}@3000 \(content "Hello" != "Hello, how are you\?"\)/,
    );
  });

  it('metrics leave out VAD metrics and compare values with the tolerance', () => {
    const m = record({
      events: [
        ev(100, { type: 'metrics_collected', metrics: { type: 'vad', idleTimeMs: 1 } }),
        ev(3000, {
          type: 'metrics_collected',
          metrics: { type: 'eou', endOfUtteranceDelayMs: 500.01, transcriptionDelayMs: 200 },
        }),
        ev(3300, { type: 'metrics_collected', metrics: { type: 'llm', ttftMs: 100, durationMs: 300 } }),
      ],
    });
    expect(
      checkExpectations(
        {
          metrics: [
            { type: 'eou', endOfUtteranceDelayMs: 500 },
            { type: 'llm', ttftMs: 100 },
          ],
        },
        m,
        1,
      ),
    ).toEqual([]);
    const f = checkExpectations({ metrics: [{ type: 'eou' }, { type: 'llm', durationMs: 600 }] }, m, 250);
    expect(f).toEqual([
      {
        check: 'metrics',
        index: 1,
        message: expect.stringContaining('durationMs 600 != 300 (tolerance 250)') as string,
      },
    ]);
  });

  it('playbackFinished, llmRequests and conversationItems (messages only, event time)', () => {
    const r = record({
      playbackFinished: [{ t: 5500, positionMs: 2000.002, interrupted: true }],
      llmRequests: [{ t: 3000, tools: ['a', 'b'], toolChoice: null, key: 'hi', requestId: 'r' }],
      events: [
        ev(3000, {
          type: 'conversation_item_added',
          item: {
            type: 'message',
            id: 'm',
            role: 'user',
            content: 'hi',
            interrupted: false,
            createdAt: 2990,
          },
        }),
        ev(3300, {
          type: 'conversation_item_added',
          item: { type: 'function_call', id: 'f', callId: '1', name: 'a', arguments: '{}', createdAt: 3300 },
        }),
      ],
    });
    expect(
      checkExpectations(
        {
          playbackFinished: [{ positionMs: 2000, interrupted: true, atMs: 5500 }],
          llmRequests: [{ tools: ['a', 'b'], toolChoice: null, key: 'hi' }],
          conversationItems: [{ role: 'user', content: 'hi', atMs: 3000, tolMs: 0 }],
        },
        r,
        250,
      ),
    ).toEqual([]);
    const f = checkExpectations({ llmRequests: [{ tools: ['a'], toolChoice: 'auto' }] }, r, 250);
    expect(f[0].message).toMatch(
      /^llmRequests\[0\]: .*tools \["a"\] != \["a","b"\]; toolChoice "auto" != null/,
    );
  });
});

describe('events: greedy ordered subsequence', () => {
  const events = [
    ev(2600, { type: 'user_input_transcribed', transcript: 'Hello, how', isFinal: false }),
    ev(2700, { type: 'user_input_transcribed', transcript: 'Hello, how are you?', isFinal: true }),
    ev(6100, { type: 'agent_false_interruption', resumed: true }),
    ev(7000, { type: 'user_input_transcribed', transcript: 'again', isFinal: true }),
  ];

  it('matches each entry to the first matching event after the previous match', () => {
    const exp: Expectations = {
      events: [
        { type: 'user_input_transcribed', isFinal: true, atMs: 2700 },
        { type: 'agent_false_interruption', resumed: true },
        { type: 'user_input_transcribed', isFinal: true, atMs: 7000 },
      ],
    };
    expect(checkExpectations(exp, record({ events }), 0)).toEqual([]);
  });

  it('order matters: an entry before the previous match is not found', () => {
    const f = checkExpectations(
      {
        events: [
          { type: 'agent_false_interruption' },
          { type: 'user_input_transcribed', transcript: 'Hello, how are you?' },
        ],
      },
      record({ events }),
      250,
    );
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ check: 'events', index: 1 });
    expect(f[0].message).toContain('not found (events of that type after the previous match: ');
  });

  it('the time of the matched event is checked', () => {
    const f = checkExpectations(
      { events: [{ type: 'agent_false_interruption', atMs: 5000 }] },
      record({ events }),
      250,
    );
    expect(f[0].message).toBe(
      'events[0]: expected {"type":"agent_false_interruption","atMs":5000}, got it at 6100 (tolerance 250)',
    );
  });

  it('eventCounts counts every event of a type', () => {
    expect(
      checkExpectations({ eventCounts: { user_input_transcribed: 3, error: 0 } }, record({ events }), 0),
    ).toEqual([]);
    expect(
      checkExpectations({ eventCounts: { user_input_transcribed: 2 } }, record({ events }), 0)[0].message,
    ).toBe('eventCounts.user_input_transcribed: expected 2, got 3');
  });

  it('partial matching constrains only the keys given, arrays exactly', () => {
    expect(matchesPartially({ a: { b: 1 } }, { a: { b: 1, c: 2 }, d: 3 })).toBe(true);
    expect(matchesPartially([1, 2], [1, 2, 3])).toBe(false);
    expect(matchesPartially(null, undefined)).toBe(false);
  });
});
