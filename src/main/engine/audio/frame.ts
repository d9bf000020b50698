/** PCM16 audio with explicit sample rate and channel count (architecture §3.5). */
export interface AudioFrame {
  /** Interleaved signed 16-bit samples. */
  readonly data: Int16Array;
  readonly sampleRate: number;
  readonly channels: number;
  readonly samplesPerChannel: number;
}

export function makeFrame(data: Int16Array, sampleRate: number, channels = 1): AudioFrame {
  return { data, sampleRate, channels, samplesPerChannel: Math.floor(data.length / channels) };
}

export function silenceFrame(durationMs: number, sampleRate: number, channels = 1): AudioFrame {
  const n = Math.round((durationMs * sampleRate) / 1000);
  return makeFrame(new Int16Array(n * channels), sampleRate, channels);
}

export function frameDurationMs(frame: AudioFrame): number {
  return (frame.samplesPerChannel / frame.sampleRate) * 1000;
}
