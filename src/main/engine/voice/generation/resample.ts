/**
 * A small streaming linear-interpolation resampler for PCM16. It only runs when a TTS produces
 * a rate the audio sink cannot take (upstream uses rtc.AudioResampler there); linear
 * interpolation is enough for speech at the usual rate pairs and needs no native code or WASM
 * start-up, which keeps the engine pure and deterministic.
 */
import { makeFrame, type AudioFrame } from '../../audio/frame';

export class LinearResampler {
  /** Input position (in samples, from the start of `carry`) of the next output sample. */
  private pos = 0;
  /** The last input sample per channel, kept to interpolate across frame boundaries. */
  private carry: Int16Array | null = null;
  private readonly step: number;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
    readonly channels: number,
  ) {
    if (inputRate <= 0 || outputRate <= 0) throw new RangeError('sample rates must be positive');
    this.step = inputRate / outputRate;
  }

  /** Resamples one frame; may return nothing while too little input is buffered. */
  push(frame: AudioFrame): AudioFrame[] {
    if (frame.sampleRate !== this.inputRate || frame.channels !== this.channels) {
      throw new Error(
        `resampler expects ${this.inputRate} Hz x${this.channels}, got ${frame.sampleRate} Hz x${frame.channels}`,
      );
    }
    const ch = this.channels;
    const input = this.carry ? concat(this.carry, frame.data) : frame.data;
    const n = input.length / ch;
    const out: number[] = [];
    while (Math.floor(this.pos) + 1 < n) {
      const i = Math.floor(this.pos);
      const frac = this.pos - i;
      for (let c = 0; c < ch; c++) {
        const a = input[i * ch + c];
        const b = input[(i + 1) * ch + c];
        out.push(Math.round(a + (b - a) * frac));
      }
      this.pos += this.step;
    }
    if (n > 0) {
      this.carry = input.slice((n - 1) * ch, n * ch);
      this.pos -= n - 1;
    }
    return out.length > 0 ? [makeFrame(Int16Array.from(out), this.outputRate, ch)] : [];
  }

  /** Emits the samples that fall after the last input sample (held at its value). */
  flush(): AudioFrame[] {
    const carry = this.carry;
    this.carry = null;
    if (!carry) return [];
    const out: number[] = [];
    while (this.pos < 1) {
      for (let c = 0; c < this.channels; c++) out.push(carry[c]);
      this.pos += this.step;
    }
    this.pos = 0;
    return out.length > 0 ? [makeFrame(Int16Array.from(out), this.outputRate, this.channels)] : [];
  }
}

function concat(a: Int16Array, b: Int16Array): Int16Array {
  const r = new Int16Array(a.length + b.length);
  r.set(a, 0);
  r.set(b, a.length);
  return r;
}
