/**
 * Audio as bytes on the WebSocket of web mode (Electron IPC carries the same payloads as
 * Uint8Array without any framing). One binary frame is one audio message:
 *
 *   offset  size  field
 *   0       2     magic "VA" (0x56 0x41)
 *   2       1     format version (1)
 *   3       1     kind: 1 = agent audio push (main → renderer), 2 = pushAudio invoke (renderer → main)
 *   4       1     flags: bit 0 = cleared (agent audio was cut: drop what is queued; no PCM)
 *   5       1     channels (1 or 2)
 *   6       4     sample rate, Hz (uint32 little-endian)
 *   10      4     invoke id (uint32 LE; 0 for a push): the JSON `result` answers with it
 *   14      1     session id length N (1-200 bytes of UTF-8)
 *   15      N     session id
 *   15+N    rest  PCM16 little-endian, interleaved: whole frames of `channels` samples
 *
 * Decoding checks every field and the size and refuses with a message naming what is wrong,
 * as strictly as the JSON commands' schemas do; it never throws.
 */

export const AUDIO_FRAME_MAGIC_0 = 0x56;
export const AUDIO_FRAME_MAGIC_1 = 0x41;
export const AUDIO_FRAME_VERSION = 1;
export const AUDIO_FRAME_HEADER_BYTES = 15;
/** Binary frame kinds. */
export const AUDIO_KIND_PUSH = 1;
export const AUDIO_KIND_INVOKE = 2;
export type AudioFrameKind = typeof AUDIO_KIND_PUSH | typeof AUDIO_KIND_INVOKE;

const MAX_SESSION_ID_BYTES = 200;
/** PCM bytes of 200 ms of 48 kHz stereo PCM16: the largest microphone chunk main accepts. */
export const MAX_PUSH_AUDIO_BYTES = 48_000 * 0.2 * 2 * 2;
/** The largest agent audio chunk main pushes (the paced output sends ~100 ms; 1 s of 48 kHz stereo). */
export const MAX_AUDIO_PUSH_BYTES = 48_000 * 2 * 2;
const MIN_RATE = 8000;
const MAX_RATE = 48_000;

/** One audio message, whichever way it travels. */
export interface AudioFrameMessage {
  kind: AudioFrameKind;
  /** The invoke id of a pushAudio (answered by a JSON result); 0 for a push. */
  id: number;
  sessionId: string;
  sampleRate: number;
  channels: number;
  /** PCM16 little-endian bytes, interleaved; empty for `cleared`. */
  pcm: Uint8Array;
  cleared: boolean;
}

export type DecodedAudioFrame =
  | { ok: true; message: AudioFrameMessage }
  /** `id` is the invoke id when the header got that far (the refusal can then be answered). */
  | { ok: false; id: number | null; reason: string };

export function encodeAudioFrame(msg: AudioFrameMessage): Uint8Array {
  const sid = new TextEncoder().encode(msg.sessionId);
  if (sid.length < 1 || sid.length > MAX_SESSION_ID_BYTES)
    throw new RangeError(`sessionId must be 1-${MAX_SESSION_ID_BYTES} bytes of UTF-8`);
  const out = new Uint8Array(AUDIO_FRAME_HEADER_BYTES + sid.length + msg.pcm.byteLength);
  const view = new DataView(out.buffer);
  out[0] = AUDIO_FRAME_MAGIC_0;
  out[1] = AUDIO_FRAME_MAGIC_1;
  out[2] = AUDIO_FRAME_VERSION;
  out[3] = msg.kind;
  out[4] = msg.cleared ? 1 : 0;
  out[5] = msg.channels;
  view.setUint32(6, msg.sampleRate, true);
  view.setUint32(10, msg.id, true);
  out[14] = sid.length;
  out.set(sid, AUDIO_FRAME_HEADER_BYTES);
  out.set(msg.pcm, AUDIO_FRAME_HEADER_BYTES + sid.length);
  return out;
}

/**
 * Reads one binary frame. `expect` is the kind this side accepts (main takes invokes, the
 * renderer pushes); any other kind is refused.
 */
export function decodeAudioFrame(bytes: Uint8Array, expect: AudioFrameKind): DecodedAudioFrame {
  const refuse = (reason: string, id: number | null = null): DecodedAudioFrame => ({ ok: false, id, reason });
  if (bytes.byteLength < AUDIO_FRAME_HEADER_BYTES + 1)
    return refuse(`binary frame of ${bytes.byteLength} bytes is shorter than the audio header`);
  if (bytes[0] !== AUDIO_FRAME_MAGIC_0 || bytes[1] !== AUDIO_FRAME_MAGIC_1)
    return refuse('binary frame is not an audio frame (bad magic)');
  if (bytes[2] !== AUDIO_FRAME_VERSION)
    return refuse(`audio frame version ${bytes[2]} is not supported (expected ${AUDIO_FRAME_VERSION})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = bytes[3];
  const id = view.getUint32(10, true);
  // A frame that names an invoke id gets its refusal as that command's result, whatever else is wrong.
  const answerable = id > 0 ? id : null;
  if (kind !== expect)
    return refuse(
      `audio frame kind ${kind} is not accepted here (expected ${expect === AUDIO_KIND_INVOKE ? '2, pushAudio' : '1, audio push'})`,
      answerable,
    );
  const flags = bytes[4];
  if ((flags & ~1) !== 0) return refuse(`audio frame flags ${flags} are unknown`, answerable);
  const channels = bytes[5];
  if (channels !== 1 && channels !== 2) return refuse(`channels: ${channels} (expected 1 or 2)`, answerable);
  const sampleRate = view.getUint32(6, true);
  if (sampleRate < MIN_RATE || sampleRate > MAX_RATE)
    return refuse(`sampleRate: ${sampleRate} Hz is outside ${MIN_RATE}-${MAX_RATE}`, answerable);
  if (kind === AUDIO_KIND_INVOKE && id === 0) return refuse('a pushAudio frame needs an invoke id above 0');
  const sidLength = bytes[14];
  if (sidLength < 1 || sidLength > MAX_SESSION_ID_BYTES)
    return refuse(`session id length ${sidLength} (expected 1-${MAX_SESSION_ID_BYTES})`, answerable);
  const pcmStart = AUDIO_FRAME_HEADER_BYTES + sidLength;
  if (bytes.byteLength < pcmStart)
    return refuse('audio frame ends inside its session id (truncated)', answerable);
  let sessionId: string;
  try {
    sessionId = new TextDecoder('utf-8', { fatal: true }).decode(
      bytes.subarray(AUDIO_FRAME_HEADER_BYTES, pcmStart),
    );
  } catch {
    return refuse('session id is not UTF-8', answerable);
  }
  const pcm = bytes.subarray(pcmStart);
  const cleared = (flags & 1) === 1;
  const max = kind === AUDIO_KIND_INVOKE ? MAX_PUSH_AUDIO_BYTES : MAX_AUDIO_PUSH_BYTES;
  if (pcm.byteLength > max)
    return refuse(`pcm: ${pcm.byteLength} bytes is more than the ${max} a chunk may hold`, answerable);
  if (cleared && pcm.byteLength > 0) return refuse('a cleared frame carries no PCM', answerable);
  if (!cleared && pcm.byteLength === 0) return refuse('pcm: the frame carries no samples', answerable);
  if (pcm.byteLength % (2 * channels) !== 0)
    return refuse(
      `pcm: ${pcm.byteLength} bytes are not whole frames of ${channels} 16-bit samples (truncated?)`,
      answerable,
    );
  return { ok: true, message: { kind, id, sessionId, sampleRate, channels, pcm, cleared } };
}

/** True when a little-endian host can view PCM16 bytes as an Int16Array without swapping. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** PCM16 samples as little-endian bytes (a copy). */
export function pcm16ToBytes(data: Int16Array): Uint8Array {
  const out = new Uint8Array(data.length * 2);
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return out;
  }
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setInt16(i * 2, data[i], true);
  return out;
}

/** Little-endian PCM16 bytes as samples (a copy; an odd trailing byte is a RangeError). */
export function bytesToPcm16(bytes: Uint8Array): Int16Array {
  if (bytes.byteLength % 2 !== 0) throw new RangeError('PCM16 bytes must hold whole 16-bit samples');
  const out = new Int16Array(bytes.byteLength / 2);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}
