/**
 * The agent's voice on its way to the renderer: PCM chunks of the paced output become the pushed
 * `audio` event, as little-endian PCM16 bytes (IPC carries them as a Uint8Array, the WebSocket as
 * a binary frame), which the renderer can hand to Web Audio without knowing the host's byte
 * order. The base64 helpers remain for what still travels inside JSON (recording audio reads).
 */
import { endianness } from 'node:os';
import { pcm16ToBytes } from '../../shared/binary-audio';
import type { PushedEvents } from '../../shared/studio-api';
import type { PcmChunk } from './paced-audio-output';

export type AudioPush = PushedEvents['audio'];

const BIG_ENDIAN = endianness() === 'BE';

/** PCM16 samples as base64 of their little-endian bytes. */
export function pcm16ToBase64(data: Int16Array): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // swap16 works in place: swap a copy, never the engine's frame.
  return (BIG_ENDIAN ? Buffer.from(bytes).swap16() : bytes).toString('base64');
}

/** The inverse, for tests and for consumers in main (recorder, replay). */
export function base64ToPcm16(b64: string): Int16Array {
  const bytes = Buffer.from(b64, 'base64');
  const le = BIG_ENDIAN ? Buffer.from(bytes).swap16() : bytes;
  const out = new Int16Array(le.byteLength / 2);
  Buffer.from(out.buffer).set(le);
  return out;
}

/** Builds the paced output's callbacks that push one session's audio to the renderer. */
export function rendererAudioSink(
  sessionId: string,
  push: (payload: AudioPush) => void,
): { onChunk(chunk: PcmChunk): void; onClear(): void } {
  let last: { sampleRate: number; channels: number } = { sampleRate: 24000, channels: 1 };
  return {
    onChunk(chunk) {
      last = { sampleRate: chunk.sampleRate, channels: chunk.channels };
      push({
        sessionId,
        sampleRate: chunk.sampleRate,
        channels: chunk.channels,
        pcm: pcm16ToBytes(chunk.data),
      });
    },
    onClear() {
      push({ sessionId, ...last, pcm: new Uint8Array(0), cleared: true });
    },
  };
}
