/**
 * Why the Preemptive lane is empty, when the session shown cannot fill it: preemptive generation
 * is off in its config (the demo's is). Read from the config of what the timeline shows — main's
 * config for the live session, the recording's own config during a replay — never guessed.
 */

export const PREEMPTIVE_OFF_HINT = 'preemptive generation is off (options.preemptiveGeneration)';

/**
 * The hint for a config, or null when preemptive generation is on, the config does not say, or
 * the events shown hold preemptive generations anyway (a fixture, a session whose config changed):
 * the lane then is not empty, and a note saying it must be would be false.
 */
export function preemptiveHint(config: unknown, laneHasGenerations = false): string | null {
  if (laneHasGenerations) return null;
  const options = isObject(config) ? config.options : undefined;
  const on = isObject(options) ? options.preemptiveGeneration : undefined;
  return on === false ? PREEMPTIVE_OFF_HINT : null;
}

/** Whether the events a view has read hold a preemptive generation; a reset starts over. */
export class PreemptiveSeen {
  seen = false;

  update(batch: { reset: boolean; events: readonly { type: string }[] } | null): boolean {
    if (!batch) return this.seen;
    if (batch.reset) this.seen = false;
    if (!this.seen) this.seen = batch.events.some((e) => e.type === 'preemptive_generation');
    return this.seen;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
