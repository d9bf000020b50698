/**
 * What every `studio` subcommand shares: the table entry shape and the two ways to fail. A
 * usage error (exit 2) prints the usage text; any other error (exit 1) is one line naming the
 * provider or setting to fix, because a stack trace is no help to someone editing a config.
 */

export interface Subcommand {
  summary: string;
  usage: string;
  /**
   * Resolves with the process exit code. `stopping` aborts on the first SIGINT/SIGTERM/SIGHUP
   * for commands marked `graceful`; they stop their work and resolve within SHUTDOWN_BOUND_MS.
   */
  run(args: string[], context: CommandContext): Promise<number>;
  /** True for long-lived commands that hold a session; the others are interrupted at once. */
  graceful?: boolean;
}

export interface CommandContext {
  stopping: AbortSignal;
}

/** A usage error: printed with the subcommand's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function isUsageError(err: unknown): boolean {
  return (
    err instanceof UsageError ||
    ((err as { code?: unknown } | null)?.code?.toString().startsWith('ERR_PARSE_ARGS') ?? false)
  );
}

/** Error text on one line: provider messages may quote a multi-line server answer. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
