/**
 * Structured logging for main: one JSON object per line on stderr, so stdout stays free for the
 * few lines a user is meant to read (web mode prints its URL there) and logs stay greppable.
 * Anything derived from user speech or tool arguments goes under `pii`, never at the top level.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

/** Writes JSON lines to a sink; the sink is injectable so tests can read what was logged. */
export function createLogger(scope: string, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  return {
    log(level, msg, fields) {
      const record = { t: new Date().toISOString(), level, scope, msg, ...fields };
      let line: string;
      try {
        line = JSON.stringify(record);
      } catch {
        // A circular or BigInt field must never turn a log call into a crash.
        line = JSON.stringify({ t: record.t, level, scope, msg, unserializable: true });
      }
      write(`${line}\n`);
    },
  };
}

/** Collects records in memory; used by tests to assert that refusals were logged. */
export function createMemoryLogger(): Logger & { records: Array<{ level: LogLevel; msg: string } & LogFields> } {
  const records: Array<{ level: LogLevel; msg: string } & LogFields> = [];
  return {
    records,
    log(level, msg, fields) {
      records.push({ level, msg, ...fields });
    },
  };
}

/** Shortens untrusted strings (command names, origins) before they reach a log line. */
export function clip(value: unknown, max = 120): string {
  const s = typeof value === 'string' ? value : typeof value;
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
