/**
 * Decoding and encoding of the WebSocket wire format (`WireMessage`). Decoding is strict about
 * the envelope (kind, integer id) but leaves command names and inputs to the command router,
 * which is the one place that judges them.
 */
import {
  AUDIO_KIND_INVOKE,
  AUDIO_KIND_PUSH,
  decodeAudioFrame,
  encodeAudioFrame,
} from '../../shared/binary-audio';
import type {
  CommandInput,
  CommandName,
  CommandResult,
  PushedEventName,
  PushedEvents,
  WireMessage,
} from '../../shared/studio-api';

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

/** Agent audio as a binary frame (shared/binary-audio.ts): PCM bytes, no base64, no JSON. */
export function encodeAudioPush(payload: PushedEvents['audio']): Uint8Array {
  return encodeAudioFrame({
    kind: AUDIO_KIND_PUSH,
    id: 0,
    sessionId: payload.sessionId,
    sampleRate: payload.sampleRate,
    channels: payload.channels,
    pcm: payload.cleared ? new Uint8Array(0) : payload.pcm,
    cleared: payload.cleared === true,
  });
}

export type DecodedBinaryInvoke =
  | { ok: true; id: number; command: 'pushAudio'; input: CommandInput<'pushAudio'> }
  | { ok: false; id: number | null; reason: string };

/** A binary frame from a client: only a pushAudio invoke is accepted, checked field by field. */
export function decodeBinaryInvoke(bytes: Uint8Array): DecodedBinaryInvoke {
  const decoded = decodeAudioFrame(bytes, AUDIO_KIND_INVOKE);
  if (!decoded.ok) return decoded;
  const { id, sessionId, sampleRate, channels, pcm } = decoded.message;
  return { ok: true, id, command: 'pushAudio', input: { sessionId, sampleRate, channels, pcm } };
}
