/**
 * The end-of-turn bracket tells how long the decision really took (from when the user stopped,
 * transcription delay included), not just the endpointing delay the detector chose — a
 * microphone turn that waited 1.2 s for its transcript must not read "EOT 500 ms".
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { TimelineModel } from '../model/timeline-model';
import { eotLabel } from './draw-signals';

const eot = (extra: Partial<Extract<EngineEvent, { type: 'end_of_turn' }>>): EngineEvent => ({
  type: 'end_of_turn',
  transcript: 'Hello.',
  delayMs: 500,
  probability: null,
  committed: true,
  t: 3000,
  ...extra,
});

describe('end-of-turn marks', () => {
  it('span from when the user stopped; the label names the span and the chosen delay', () => {
    const m = new TimelineModel();
    m.ingest([eot({ userStoppedAt: 1800, transcriptAt: 2500 })]);
    const mark = m.endOfTurns.items[0];
    expect(mark.startAt).toBe(1800);
    expect(eotLabel(mark)).toBe('EOT 1.20 s (wait 500 ms)');
  });

  it('fall back to the delay for recordings made before userStoppedAt existed', () => {
    const m = new TimelineModel();
    m.ingest([eot({ committed: false })]);
    const mark = m.endOfTurns.items[0];
    expect(mark.startAt).toBe(2500);
    expect(eotLabel(mark)).toBe('EOT 500 ms (not taken)');
  });
});
