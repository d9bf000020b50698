/**
 * ActionOutcomes on its own (format v2 §13.2): what counts as an action failing (a throw, or a
 * rejection in the instant it ran), and the message each outcome gives.
 */
import { describe, expect, it } from 'vitest';
import { ActionOutcomes } from './action-outcomes';
import type { Action } from './scenario-schema';

function harness() {
  let instant = 0;
  const failures: string[] = [];
  const outcomes = new ActionOutcomes(
    () => instant,
    (m) => failures.push(m),
  );
  return { outcomes, failures, at: (ms: number) => void (instant = ms) };
}

const interrupt = (expectError?: boolean): Action => ({
  atMs: 100,
  interrupt: { force: false },
  ...(expectError === undefined ? {} : { expectError }),
});

describe('ActionOutcomes', () => {
  it('a throw or a same-instant rejection is a failure: a pass with expectError, a run failure without', () => {
    const h = harness();
    h.at(100);
    h.outcomes.ran(0, interrupt(true));
    h.outcomes.rejected(0, interrupt(true), new Error('not interruptible'));
    h.outcomes.ran(1, interrupt());
    h.outcomes.threw(1, interrupt(), new Error('boom'));
    h.outcomes.checkExpectedErrors();
    expect(h.failures).toEqual(['actions[1] (interrupt at 100) threw boom']);
  });

  it('a rejection at a later instant is not the call failing: it fails the run either way, saying when', () => {
    const h = harness();
    h.at(100);
    h.outcomes.ran(0, interrupt(true));
    h.outcomes.ran(1, interrupt());
    h.at(350);
    h.outcomes.rejected(0, interrupt(true), new Error('late'));
    h.outcomes.rejected(1, interrupt(), new Error('late'));
    h.outcomes.checkExpectedErrors();
    expect(h.failures).toEqual([
      'actions[0] (interrupt at 100) rejected 250 ms after it ran: late (expectError wants it to fail when it runs)',
      'actions[1] (interrupt at 100) rejected 250 ms after it ran: late',
      'actions[0] (interrupt at 100) was expected to fail (expectError) but did not',
    ]);
  });
});
