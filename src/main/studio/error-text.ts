/** The message of an error-like value, for events, status and command results. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
