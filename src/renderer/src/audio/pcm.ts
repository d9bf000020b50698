/**
 * PCM16 as the studio contract carries it (little-endian, interleaved; bytes, or base64 inside
 * JSON for recording reads) to and from the
 * Float32 samples of Web Audio. Pure functions: the player and the microphone path are tested
 * through them without an AudioContext. Byte order is explicit (DataView, little-endian), so
 * the bytes mean the same whatever machine runs the renderer.
 */

/** Interleaved PCM16 (base64 of little-endian bytes) to one Float32Array per channel, in [-1, 1). */
export function decodePcm16Base64(b64: string, channels: number): Float32Array<ArrayBuffer>[] {
  return decodePcm16(base64ToBytes(b64), channels);
}

/** Interleaved PCM16 (little-endian bytes, as audio pushes carry it) to one Float32Array per channel. */
export function decodePcm16(bytes: Uint8Array, channels: number): Float32Array<ArrayBuffer>[] {
  if (!Number.isInteger(channels) || channels < 1)
    throw new RangeError(`channels must be a positive integer (got ${channels})`);
  const frames = Math.floor(bytes.length / (2 * channels));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) out[c][i] = view.getInt16((i * channels + c) * 2, true) / 32768;
  }
  return out;
}

/** PCM16 samples to base64 of their little-endian bytes. */
export function encodePcm16Base64(samples: Int16Array): string {
  return bytesToBase64(encodePcm16(samples));
}

/** PCM16 samples to their little-endian bytes (what pushAudio carries). */
export function encodePcm16(samples: Int16Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i], true);
  return bytes;
}

/**
 * Float samples to PCM16, the inverse of the decoder's scale (x / 32768): rounded and clipped to
 * [-32768, 32767], so decode → encode gives back the same samples.
 */
export function floatToPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++)
    out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768)));
  return out;
}

/** Root mean square of every channel together, in [0, 1]. */
export function rmsOf(channels: readonly Float32Array[]): number {
  let sum = 0;
  let n = 0;
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) sum += ch[i] * ch[i];
    n += ch.length;
  }
  return n === 0 ? 0 : Math.sqrt(sum / n);
}

/** A meter reading in [0, 1]: -60 dBFS and below is 0, full scale is 1 (the ear is logarithmic). */
export function meterLevel(rms: number, floorDb = -60): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.max(0, Math.min(1, (db - floorDb) / -floorDb));
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  // Spread in slices: one call per byte is slow, one call for all of them can overflow the stack.
  for (let i = 0; i < bytes.length; i += 0x2000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(bin);
}
