/**
 * PCM16 frames → a WAV file in memory. The transcription API takes files, not raw samples, and
 * a speech segment is small (seconds), so building it in memory is simpler than streaming it.
 */
import type { AudioFrame } from '../../engine/audio/frame';

export function framesDurationMs(frames: readonly AudioFrame[]): number {
  return frames.reduce((ms, f) => ms + (f.samplesPerChannel / f.sampleRate) * 1000, 0);
}

/** One WAV of all frames; they must share sample rate and channel count (one VAD segment does). */
export function encodeWav(frames: readonly AudioFrame[]): Uint8Array {
  if (frames.length === 0) throw new Error('encodeWav: no audio');
  const { sampleRate, channels } = frames[0];
  for (const f of frames) {
    if (f.sampleRate !== sampleRate || f.channels !== channels) {
      throw new Error(
        `encodeWav: mixed formats (${sampleRate} Hz/${channels} ch and ${f.sampleRate} Hz/${f.channels} ch)`,
      );
    }
  }
  const samples = frames.reduce((n, f) => n + f.data.length, 0);
  const dataBytes = samples * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const ascii = (off: number, s: string): void => {
    for (let i = 0; i < s.length; i++) out[off + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true); // byte rate
  v.setUint16(32, channels * 2, true); // block align
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  let off = 44;
  for (const f of frames) {
    for (let i = 0; i < f.data.length; i++, off += 2) v.setInt16(off, f.data[i], true);
  }
  return out;
}
