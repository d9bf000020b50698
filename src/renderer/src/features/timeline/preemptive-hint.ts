/**
 * Why the Preemptive lane is empty, when the session shown cannot fill it: preemptive generation
 * is off in its config (the demo's is). Read from the config of what the timeline shows — main's
 * config for the live session, the recording's own config during a replay — never guessed.
 */

export const PREEMPTIVE_OFF_HINT = 'preemptive generation is off (options.preemptiveGeneration)';

/** The hint for a config, or null when preemptive generation is on or the config does not say. */
export function preemptiveHint(config: unknown): string | null {
  const options = isObject(config) ? config.options : undefined;
  const on = isObject(options) ? options.preemptiveGeneration : undefined;
  return on === false ? PREEMPTIVE_OFF_HINT : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
