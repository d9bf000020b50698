/**
 * Structured logging for main: one JSON object per line on stderr, so stdout stays free for the
 * few lines a user is meant to read (web mode prints its URL there) and logs stay greppable.
 * Anything derived from user speech or tool arguments goes under `pii`, never at the top level.
 *
 * Secrets never reach a log line (architecture §3.7): every line passes through a redactor —
 * the key store's (known key values) where main creates its loggers, and at least the pattern
 * redactor (`sk-…` keys, bearer tokens) everywhere, because provider errors may echo headers.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

/** Replaces secrets in a text; must never throw (it runs inside log calls and error paths). */
export type Redactor = (text: string) => string;

export const REDACTED = '[redacted]';

/** OpenAI-style keys (sk-…, sk-proj-…): long enough not to catch words like "sk-learn". */
const SK_KEY = /(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{16,}/g;
/** Bearer credentials as they appear in echoed Authorization headers. */
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/** Replaces anything that looks like an API key or a bearer token with `[redacted]`. */
export function redactSecretPatterns(text: string): string {
  return text.replace(SK_KEY, REDACTED).replace(BEARER, `$1${REDACTED}`);
}

/** Writes JSON lines to a sink; the sink is injectable so tests can read what was logged. */
export function createLogger(
  scope: string,
  write: (line: string) => void = (l) => process.stderr.write(l),
  redact: Redactor = redactSecretPatterns,
): Logger {
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
      // The whole serialized line, so a secret nested anywhere in the fields is caught too.
      write(`${safely(redact, line)}\n`);
    },
  };
}

/**
 * Wraps a logger so its message and every string in its fields (nested, errors included) are
 * redacted before the inner logger sees them; for loggers handed in from outside (tests keep
 * records as objects, so redacting a serialized line would not do).
 */
export function redactingLogger(inner: Logger, redact: Redactor): Logger {
  return {
    log(level, msg, fields) {
      const clean =
        fields === undefined ? undefined : (redactValue(fields, redact, 0, new WeakSet()) as LogFields);
      inner.log(level, safely(redact, msg), clean);
    },
  };
}

const MAX_DEPTH = 8;

function redactValue(value: unknown, redact: Redactor, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return safely(redact, value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth >= MAX_DEPTH) return '[unlogged]';
  seen.add(value);
  if (value instanceof Error) return safely(redact, `${value.name}: ${value.message}`);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, redact, depth + 1, seen);
  return out;
}

/** A redactor that fails still must not leak: the pattern redactor is the floor. */
function safely(redact: Redactor, text: string): string {
  try {
    return redact(text);
  } catch {
    return redactSecretPatterns(text);
  }
}

/** Collects records in memory; used by tests to assert that refusals were logged. */
export function createMemoryLogger(): Logger & {
  records: Array<{ level: LogLevel; msg: string } & LogFields>;
} {
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
