/**
 * How the engine reports what is worth knowing but is no engine event of its own (a listener or
 * a user callback that threw): through a Logger it is given, never `console` — the engine runs
 * in the studio (which logs JSON lines, redacted), headless in CI and in tests. The interface is
 * the shape of main's log.ts Logger, so the studio passes its logger as it is.
 *
 * Without a logger, a session reports warnings and errors as `warning` events (eventLogger):
 * they then show in the event log and in recordings instead of vanishing. debug/info lines are
 * dropped there, since an event stream is no place for them.
 */
import { errorText } from './errors';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

/** For pieces used on their own (a test's speech handle): says nothing, by choice of the caller. */
export const silentLogger: Logger = { log: () => undefined };

/** Where eventLogger emits: an EventSink (declared structurally, so events.ts may use this module). */
export interface WarningSink {
  emit(ev: { type: 'warning'; source: string; message: string }): void;
}

/** Warnings and errors as `warning` events from `source`; debug and info are dropped. */
export function eventLogger(sink: WarningSink, source = 'engine'): Logger {
  return {
    log(level, msg, fields) {
      if (level !== 'warn' && level !== 'error') return;
      sink.emit({ type: 'warning', source, message: withFields(msg, fields) });
    },
  };
}

/** `msg (error: boom)`: the fields a reader needs, in the message of a warning event. */
function withFields(msg: string, fields: LogFields | undefined): string {
  if (!fields) return msg;
  const parts = Object.entries(fields).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : errorText(v)}`);
  return parts.length > 0 ? `${msg} (${parts.join(', ')})` : msg;
}
