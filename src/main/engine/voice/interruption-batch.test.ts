/**
 * The interruption batch: effects deferred to the end of the outermost interrupting call, in
 * order, never lost when something throws.
 */
import { describe, expect, it } from 'vitest';
import { afterInterruption, interruptionBatch } from './interruption-batch';

describe('interruptionBatch', () => {
  it('runs an effect at once outside a batch', () => {
    const log: string[] = [];
    afterInterruption(() => log.push('effect'));
    log.push('after');
    expect(log).toEqual(['effect', 'after']);
  });

  it('defers effects to the end of the outermost batch, in the order they were queued', () => {
    const log: string[] = [];
    const result = interruptionBatch(() => {
      afterInterruption(() => log.push('a'));
      interruptionBatch(() => {
        afterInterruption(() => log.push('b'));
        log.push('inner body');
      });
      log.push('outer body');
      return 42;
    });
    log.push('returned');
    expect(result).toBe(42);
    expect(log).toEqual(['inner body', 'outer body', 'a', 'b', 'returned']);
  });

  it('an effect that interrupts again queues behind the others, in the same drain', () => {
    const log: string[] = [];
    interruptionBatch(() => {
      afterInterruption(() => {
        log.push('a');
        interruptionBatch(() => afterInterruption(() => log.push('c')));
      });
      afterInterruption(() => log.push('b'));
    });
    expect(log).toEqual(['a', 'b', 'c']);
    afterInterruption(() => log.push('outside again'));
    expect(log.at(-1)).toBe('outside again');
  });

  it('still runs the effects when the batch body throws, and the error reaches the caller', () => {
    const log: string[] = [];
    expect(() =>
      interruptionBatch(() => {
        afterInterruption(() => log.push('a'));
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(log).toEqual(['a']);
    afterInterruption(() => log.push('not deferred'));
    expect(log).toEqual(['a', 'not deferred']);
  });

  it('an effect that throws does not stop the others; the first error is rethrown after all ran', () => {
    const log: string[] = [];
    expect(() =>
      interruptionBatch(() => {
        afterInterruption(() => {
          throw new Error('first');
        });
        afterInterruption(() => {
          throw new Error('second');
        });
        afterInterruption(() => log.push('third'));
      }),
    ).toThrow('first');
    expect(log).toEqual(['third']);
  });

  it('an effect that throws still closes the batch: later effects run at the end of their own', () => {
    expect(() =>
      interruptionBatch(() =>
        afterInterruption(() => {
          throw new Error('effect failed');
        }),
      ),
    ).toThrow('effect failed');
    // Left open, every later interruption's effects (its audio stop, its timeout) would wait forever.
    const log: string[] = [];
    afterInterruption(() => log.push('outside'));
    interruptionBatch(() => {
      afterInterruption(() => log.push('deferred'));
      log.push('body');
    });
    expect(log).toEqual(['outside', 'body', 'deferred']);
  });
});
