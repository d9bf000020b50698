/**
 * Secrets never leave main (architecture §3.7). Provider errors may echo request headers or a
 * key, and they travel to the renderer in three ways: engine events (`error`, `warning`, a
 * request's `error`, a tool's output …), the status's lastError, and failed command results. The host passes all three through the key
 * store's redactor here, before they are buffered, pushed or answered, so recordings made from
 * the same stream are clean too.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type { CommandName } from '../../shared/studio-api';
import type { Redactor } from '../log';
import type { CommandHandlers } from './command-router';

/**
 * The event with every secret in it redacted, whatever field carries it (an error's message, a
 * request's `error`, a tool's output, a chat item). The event is serialized once to look; only an
 * event that held a secret is rebuilt, so the 100 Hz VAD lane costs one stringify per event.
 */
export function redactEvent(ev: EngineEvent, redact: Redactor): EngineEvent {
  let json: string;
  try {
    json = JSON.stringify(ev);
  } catch {
    return redactMessages(ev, redact);
  }
  const clean = redact(json);
  if (clean === json) return ev;
  try {
    return JSON.parse(clean) as EngineEvent;
  } catch {
    // A secret that spanned JSON syntax (it cannot in practice): fall back to the text fields.
    return redactMessages(ev, redact);
  }
}

function redactMessages(ev: EngineEvent, redact: Redactor): EngineEvent {
  const out: Record<string, unknown> = { ...ev };
  for (const key of ['message', 'error', 'output', 'reason'])
    if (typeof out[key] === 'string') out[key] = redact(out[key]);
  return out as unknown as EngineEvent;
}

type AnyResult = { ok: true; value: unknown } | { ok: false; error: { message: string } };

function redactResult<R>(result: R, redact: Redactor): R {
  const r = result as AnyResult;
  if (r.ok) return result;
  return { ...r, error: { ...r.error, message: redact(r.error.message) } } as R;
}

/**
 * Wraps every handler so a failure's message is redacted. A synchronous handler stays
 * synchronous (microphone chunks must be handled in arrival order).
 */
export function redactHandlers(handlers: CommandHandlers, redact: Redactor): CommandHandlers {
  const out: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as Array<
    [CommandName, (input: unknown) => unknown]
  >) {
    out[name] = (input: unknown) => {
      const result = handler(input);
      return result instanceof Promise
        ? result.then((r) => redactResult(r, redact))
        : redactResult(result, redact);
    };
  }
  return out as CommandHandlers;
}
