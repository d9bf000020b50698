/**
 * The event log's line for an end-of-utterance metric: a measured one gives its delays, one
 * LiveKit could not measure (a turn without a final transcript) says so instead of "0 ms".
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-events';
import { summarizeEvent } from './event-summary';

const eou = (
  endOfUtteranceDelayMs: number,
  transcriptionDelayMs: number,
  measured?: boolean,
): EngineEvent => ({
  type: 'metrics_collected',
  t: 5000,
  metrics: {
    type: 'eou',
    speechId: 'speech_1',
    timestamp: 5000,
    endOfUtteranceDelayMs,
    transcriptionDelayMs,
    onUserTurnCompletedDelayMs: 2,
    ...(measured === undefined ? {} : { measured }),
  },
});

describe('end-of-utterance metric in the event log', () => {
  it('gives the delays of a measured turn (and of a recording made before the flag)', () => {
    expect(summarizeEvent(eou(1043.6, 1043.2, true))).toBe(
      'eou speech_1: end-of-utterance 1,044 ms, transcription 1,043 ms',
    );
    expect(summarizeEvent(eou(500, 200))).toBe('eou speech_1: end-of-utterance 500 ms, transcription 200 ms');
  });

  it('says "not measured" for a turn LiveKit reports as 0 ms because it had no final transcript', () => {
    const line = summarizeEvent(eou(0, 0, false));
    expect(line).toBe(
      'eou speech_1: end-of-utterance not measured (no final transcript; reported as 0 ms, as LiveKit does)',
    );
    expect(line).not.toMatch(/end-of-utterance 0 ms/);
  });
});
