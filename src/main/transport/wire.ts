/**
 * Decoding and encoding of the WebSocket wire format (`WireMessage`). Decoding is strict about
 * the envelope (kind, integer id) but leaves command names and inputs to the command router,
 * which is the one place that judges them.
 */
import type { CommandName, CommandResult, PushedEventName, WireMessage } from '../../shared/studio-api';

export type DecodedInvoke =
  | { ok: true; id: number; command: unknown; input: unknown }
  /** `id` is null when the message is too broken to answer; the caller can only log it. */
  | { ok: false; id: number | null; reason: string };

export function decodeInvoke(raw: string): DecodedInvoke {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, id: null, reason: 'message is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, id: null, reason: 'message must be a JSON object' };
  }
  const msg = data as Record<string, unknown>;
  const id = Number.isSafeInteger(msg.id) && (msg.id as number) >= 0 ? (msg.id as number) : null;
  if (id === null) return { ok: false, id: null, reason: 'message needs a non-negative integer id' };
  if (msg.kind !== 'invoke')
    return { ok: false, id, reason: 'kind: expected "invoke" (clients only send invokes)' };
  if (typeof msg.command !== 'string') return { ok: false, id, reason: 'command: expected a string' };
  return { ok: true, id, command: msg.command, input: msg.input };
}

export function encodeResult(id: number, result: CommandResult<CommandName>): string {
  const msg: WireMessage = { kind: 'result', id, result };
  return JSON.stringify(msg);
}

export function encodePush(event: PushedEventName, payload: unknown): string {
  const msg: WireMessage = { kind: 'push', event, payload };
  return JSON.stringify(msg);
}
