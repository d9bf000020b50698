/**
 * The project's one PCM16 resampler: streaming linear interpolation. The engine needs it when a
 * TTS speaks a rate the audio sink cannot take (upstream uses rtc.AudioResampler there), and
 * outside the engine the fallback TTS chain, the recording's WAV tracks, the stereo export and
 * the simulated caller's voice use the same one (through engine/index.ts), instead of three copies.
 *
 * Why linear and not @alexanderolsen/libsamplerate-js (a dependency, used by the Silero VAD
 * input): this runs in the pure engine and in what must be reproducible — scenario runs, re-runs,
 * recordings and exports give the same samples on every machine — and it needs no WASM start-up.
 * Linear interpolation is enough for speech at the usual rate pairs (16/22.05/24/48 kHz).
 *
 * Output sample k sits at input position k * inputRate / outputRate, computed from whole-sample
 * counters (not an accumulated float), so a stream gives exactly the samples of the whole input
 * resampled at once, however it is cut into frames.
 */
import { makeFrame, type AudioFrame } from './frame';

export class LinearResampler {
  private readonly step: number;
  /** Output samples (per channel) emitted since the start or the last flush. */
  private emitted = 0;
  /** Input samples (per channel) before the current input. */
  private consumed = 0;
  /** The previous input's last sample per channel: position -1 of the next input. */
  private last: Int16Array | null = null;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
    readonly channels = 1,
  ) {
    if (!(inputRate > 0) || !(outputRate > 0)) {
      throw new RangeError(`sample rates must be positive (got ${inputRate} Hz -> ${outputRate} Hz)`);
    }
    if (!Number.isInteger(channels) || channels < 1) {
      throw new RangeError(`channels must be a positive integer (got ${channels})`);
    }
    this.step = inputRate / outputRate;
  }

  /** Resamples interleaved samples; keeps what it needs of them to continue with the next. */
  pushSamples(input: Int16Array): Int16Array {
    if (this.inputRate === this.outputRate) return input;
    const ch = this.channels;
    if (input.length % ch !== 0) {
      throw new Error(`resampler: ${input.length} samples is not a multiple of ${ch} channels`);
    }
    const n = input.length / ch;
    const out: number[] = [];
    for (;;) {
      const pos = this.emitted * this.step - this.consumed;
      const j = Math.floor(pos);
      if (j + 1 >= n) break;
      const frac = pos - j;
      for (let c = 0; c < ch; c++) {
        const a = j < 0 ? (this.last as Int16Array)[c] : input[j * ch + c];
        const b = input[(j + 1) * ch + c];
        out.push(Math.round(a + (b - a) * frac));
      }
      this.emitted += 1;
    }
    if (n > 0) {
      this.last = input.slice((n - 1) * ch, n * ch);
      this.consumed += n;
    }
    return Int16Array.from(out);
  }

  /** The samples that fall after the last input sample (held at its value); then starts over. */
  flushSamples(): Int16Array {
    const last = this.last;
    const out: number[] = [];
    if (last && this.inputRate !== this.outputRate) {
      while (this.emitted * this.step - this.consumed < 0) {
        out.push(...last);
        this.emitted += 1;
      }
    }
    this.emitted = 0;
    this.consumed = 0;
    this.last = null;
    return Int16Array.from(out);
  }

  /** Resamples one frame; may return nothing while too little input is buffered. */
  push(frame: AudioFrame): AudioFrame[] {
    if (frame.sampleRate !== this.inputRate || frame.channels !== this.channels) {
      throw new Error(
        `resampler expects ${this.inputRate} Hz x${this.channels}, got ${frame.sampleRate} Hz x${frame.channels}`,
      );
    }
    return this.framed(this.pushSamples(frame.data));
  }

  /** flushSamples() as a frame (none when nothing is left). */
  flush(): AudioFrame[] {
    return this.framed(this.flushSamples());
  }

  private framed(data: Int16Array): AudioFrame[] {
    return data.length > 0 ? [makeFrame(data, this.outputRate, this.channels)] : [];
  }
}

/**
 * A whole mono clip at another rate: round(length * to / from) samples (at least one), the end
 * held at the last sample.
 */
export function resampleClip(data: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || data.length === 0) return data;
  const r = new LinearResampler(fromRate, toRate);
  const head = r.pushSamples(data);
  const tail = r.flushSamples();
  const n = Math.max(1, Math.round((data.length * toRate) / fromRate));
  const out = new Int16Array(n);
  out.set(head.subarray(0, n));
  if (head.length < n) out.set(tail.subarray(0, n - head.length), head.length);
  return out;
}
