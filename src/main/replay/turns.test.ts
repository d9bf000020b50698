/**
 * A recording's turns as the diff reads them: the end-of-utterance delay of a turn LiveKit could
 * not measure (reported as 0, e.g. a microphone turn without an STT) is null, so it neither
 * reads as an instant end of turn nor pulls a run's median down. A spoken turn is the one its
 * end of turn committed, however late its message came; a typed turn has none.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import { recordingTurns } from './turns';

function turn(at: number, eouMs: number, measured?: boolean): EngineEvent[] {
  return [
    {
      type: 'conversation_item_added',
      t: at,
      item: { type: 'message', id: `u${at}`, role: 'user', content: '', interrupted: false, createdAt: at },
    },
    {
      type: 'metrics_collected',
      t: at + 10,
      metrics: {
        type: 'eou',
        speechId: `speech_${at}`,
        timestamp: at + 10,
        endOfUtteranceDelayMs: eouMs,
        transcriptionDelayMs: 0,
        onUserTurnCompletedDelayMs: 0,
        ...(measured === undefined ? {} : { measured }),
      },
    },
  ];
}

describe('recording turns', () => {
  it('keeps a measured end-of-utterance delay and drops an unmeasured 0', () => {
    const events = [...turn(1000, 640, true), ...turn(5000, 0, false), ...turn(9000, 500)];
    expect(recordingTurns(events).map((t) => t.eouDelayMs)).toEqual([640, null, 500]);
  });

  it('a spoken turn is the one its end of turn committed, however late the message came', () => {
    const said = 'And what about the forecast for the whole week?';
    const message = (at: number): EngineEvent => ({
      type: 'conversation_item_added',
      t: at,
      item: { type: 'message', id: `u${at}`, role: 'user', content: said, interrupted: false, createdAt: at },
    });
    const events: EngineEvent[] = [
      { type: 'end_of_turn', t: 1000, transcript: said, delayMs: 500, probability: null, committed: true },
      message(1009), // spoken: added after the turn completion's awaits, 9 ms on a busy live clock
      message(1012), // the same words typed right after: no end of turn left for it
    ];
    const turns = recordingTurns(events);
    expect(turns.map((t) => [t.typed, t.endOfTurnMs])).toEqual([
      [false, 0],
      [true, 12],
    ]);
  });
});
