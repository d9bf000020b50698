/**
 * Spoken or typed: a user message is spoken when a committed end of turn handed over its words,
 * whatever the time between them on a live clock; the same words typed afterwards stay typed.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import { endOfTurnByUserMessage } from './spoken-turns';

const said = 'And what about the forecast for the whole week?';

const message = (t: number, content = said): EngineEvent => ({
  type: 'conversation_item_added',
  t,
  item: { type: 'message', id: `u${t}`, role: 'user', content, interrupted: false, createdAt: t },
});

const endOfTurn = (t: number, transcript = said, committed = true): EngineEvent => ({
  type: 'end_of_turn',
  t,
  transcript,
  delayMs: 500,
  probability: null,
  committed,
});

const spokenIds = (events: EngineEvent[]): string[] => [...endOfTurnByUserMessage(events).keys()];

describe('spoken user messages', () => {
  it('links a message to the end of turn before it, however late it came', () => {
    // 9 ms: the recorded gap (hook, background tools) that the old 5 ms window took for typed
    expect(spokenIds([endOfTurn(1000), message(1009)])).toEqual(['u1009']);
    expect(spokenIds([endOfTurn(1000), message(1400)])).toEqual(['u1400']);
  });

  it('leaves the same words typed after a spoken turn typed', () => {
    expect(spokenIds([endOfTurn(1000), message(1009), message(1012)])).toEqual(['u1009']);
  });

  it('links the message kept while closing, which comes just before its end_of_turn', () => {
    expect(spokenIds([message(2000, 'Great,'), endOfTurn(2000, 'Great,')])).toEqual(['u2000']);
    // the end of turn is used once: a later message with the same words is not linked to it
    expect(spokenIds([message(2000, 'Great,'), endOfTurn(2000, 'Great,'), message(2100, 'Great,')])).toEqual([
      'u2000',
    ]);
  });

  it('does not link a message to an uncommitted end of turn or to a turn the engine dropped', () => {
    expect(spokenIds([endOfTurn(1000, said, false), message(1009)])).toEqual([]);
    // the first turn got no message (the reply could not interrupt); the second did
    const dropped = [endOfTurn(1000, 'Yes'), endOfTurn(3000), message(3005), message(3500, 'Yes')];
    expect(spokenIds(dropped)).toEqual(['u3005']);
  });
});
