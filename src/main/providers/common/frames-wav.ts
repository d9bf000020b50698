/**
 * Engine audio frames as one WAV file in memory, for providers whose APIs take files, not raw
 * samples (OpenAI transcription). A speech segment is seconds long, so building it in memory is
 * simpler than streaming it. The encoding itself is io/wav.ts `encodeWav` (wavefile).
 */
import type { AudioFrame } from '../../engine';
import { encodeWav } from '../../io/wav';

export function framesDurationMs(frames: readonly AudioFrame[]): number {
  return frames.reduce((ms, f) => ms + (f.samplesPerChannel / f.sampleRate) * 1000, 0);
}

/** One WAV of all frames; they must share sample rate and channel count (one VAD segment does). */
export function framesToWav(frames: readonly AudioFrame[]): Uint8Array {
  if (frames.length === 0) throw new Error('framesToWav: no audio');
  const { sampleRate, channels } = frames[0];
  for (const f of frames) {
    if (f.sampleRate !== sampleRate || f.channels !== channels) {
      throw new Error(
        `framesToWav: mixed formats (${sampleRate} Hz/${channels} ch and ${f.sampleRate} Hz/${f.channels} ch)`,
      );
    }
  }
  const data = new Int16Array(frames.reduce((n, f) => n + f.data.length, 0));
  let offset = 0;
  for (const f of frames) {
    data.set(f.data, offset);
    offset += f.data.length;
  }
  return encodeWav({ sampleRate, channels, data });
}
