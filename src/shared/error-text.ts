/**
 * The one definition of "the message of anything thrown". It lives in shared/ because the
 * renderer may import only shared/, and the engine (engine/base/errors.ts) re-exports it for main.
 */

/** The message of an Error, or the string form of anything else that was thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
