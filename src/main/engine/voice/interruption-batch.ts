/**
 * Effects of an interruption that must come after everything the interrupting call does, but
 * without waiting for a promise hop. In the seed, interrupting a speech only marks it: its reply
 * task wakes up later and then stops the audio, so everything the interrupting call does first
 * (the other speeches marked, the realtime session told) precedes the stop. Here the reply's audio
 * stop (speech-audio.ts) and the handle's interruption timeout are deferred to the end of the
 * outermost interrupting call: SpeechHandle.cancel always, and the activity's `interrupt()` and
 * typed-text interruption around all the speeches they interrupt.
 *
 * Single-threaded and synchronous: a batch never spans an await, so one module-level queue is
 * enough even with several sessions in the process.
 */

let depth = 0;
let pending: Array<() => void> = [];

/**
 * Runs `fn` (synchronous) as one interruption: effects deferred with `afterInterruption` while it
 * runs, including from nested batches, run in order when the outermost batch ends, even if `fn`
 * throws.
 */
export function interruptionBatch<T>(fn: () => T): T {
  depth += 1;
  try {
    return fn();
  } finally {
    try {
      // still inside while draining: an effect that interrupts again queues behind the others
      if (depth === 1) runPending();
    } finally {
      // even when an effect threw: a batch left open would defer every later effect forever
      depth -= 1;
    }
  }
}

/**
 * Defers `effect` to the end of the current interruption batch, or runs it now outside one.
 * Effects report their own failures; one that throws anyway does not stop the others, and the
 * first such error is rethrown to the interrupting caller once all ran.
 */
export function afterInterruption(effect: () => void): void {
  if (depth === 0) effect();
  else pending.push(effect);
}

function runPending(): void {
  if (pending.length === 0) return;
  let error: { err: unknown } | null = null;
  // effects queued while draining join the end of this same list
  for (let i = 0; i < pending.length; i += 1) {
    try {
      pending[i]();
    } catch (err) {
      error ??= { err };
    }
  }
  pending = [];
  if (error) throw error.err;
}
