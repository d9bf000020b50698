/**
 * The microphone's way from the capture rate (the device's, usually 48 or 44.1 kHz) to the
 * 16 kHz mono PCM16 chunks the studio pushes: a streaming resampler and a fixed-size chunker.
 * Both keep state across blocks, so audio cut at any boundary comes out exactly as if it had
 * arrived in one piece. Downsampling low-pass filters first (a windowed-sinc FIR): without it,
 * hiss above 8 kHz would fold back into the speech band the VAD and the STT listen to.
 */

/** The rate the studio pushes microphone audio at: Silero's native rate and enough for speech. */
export const MIC_PUSH_RATE = 16_000;
/** Samples per pushed chunk: 32 ms at 16 kHz, one Silero window. */
export const MIC_CHUNK_SAMPLES = 512;

/** Low-pass FIR taps (Blackman-windowed sinc) with cutoff `cutoff` as a fraction of the sample rate. */
export function lowPassTaps(cutoff: number, count: number): Float64Array {
  if (!(cutoff > 0 && cutoff < 0.5)) throw new RangeError(`cutoff must be in (0, 0.5) (got ${cutoff})`);
  if (count % 2 !== 1) throw new RangeError(`an odd number of taps keeps the delay whole (got ${count})`);
  const taps = new Float64Array(count);
  const mid = (count - 1) / 2;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const x = i - mid;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const w =
      0.42 -
      0.5 * Math.cos((2 * Math.PI * i) / (count - 1)) +
      0.08 * Math.cos((4 * Math.PI * i) / (count - 1));
    taps[i] = sinc * w;
    sum += taps[i];
  }
  for (let i = 0; i < count; i++) taps[i] /= sum; // unity gain at DC
  return taps;
}

export class StreamingResampler {
  private readonly step: number;
  private readonly taps: Float64Array | null;
  /** The last taps.length - 1 input samples, for the filter's next block. */
  private history: Float32Array;
  /** Position of the next output sample, in filtered samples of the next block (-1 = `prev`). */
  private pos = 0;
  private prev = 0;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    tapCount = 63,
  ) {
    if (!(inRate > 0 && outRate > 0))
      throw new RangeError(`rates must be positive (got ${inRate} → ${outRate})`);
    this.step = inRate / outRate;
    // Pass band up to 90% of the output's Nyquist frequency.
    this.taps = inRate > outRate ? lowPassTaps((0.45 * outRate) / inRate, tapCount) : null;
    this.history = new Float32Array(this.taps ? this.taps.length - 1 : 0);
  }

  /** Resamples one block; the output length varies by one from block to block. */
  process(input: Float32Array): Float32Array {
    if (this.inRate === this.outRate) return input.slice();
    const filtered = this.filter(input);
    const n = filtered.length;
    const out: number[] = [];
    let t = this.pos;
    while (t < n - 1) {
      const i0 = Math.floor(t);
      const frac = t - i0;
      const a = i0 < 0 ? this.prev : filtered[i0];
      out.push(a + (filtered[i0 + 1] - a) * frac);
      t += this.step;
    }
    if (n > 0) {
      this.pos = t - n;
      this.prev = filtered[n - 1];
    }
    return Float32Array.from(out);
  }

  private filter(input: Float32Array): Float32Array {
    const taps = this.taps;
    if (!taps) return input;
    const h = this.history.length;
    const x = new Float32Array(h + input.length);
    x.set(this.history);
    x.set(input, h);
    const out = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) {
      let acc = 0;
      for (let k = 0; k < taps.length; k++) acc += taps[k] * x[i + h - k];
      out[i] = acc;
    }
    this.history = x.slice(x.length - h);
    return out;
  }
}

/** Cuts a stream of samples into chunks of exactly `size` samples; the rest waits for more. */
export class PcmChunker {
  private pending: Int16Array;
  private filled = 0;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size > 0))
      throw new RangeError(`chunk size must be a positive integer (got ${size})`);
    this.pending = new Int16Array(size);
  }

  push(samples: Int16Array): Int16Array[] {
    const out: Int16Array[] = [];
    let i = 0;
    while (i < samples.length) {
      const take = Math.min(this.size - this.filled, samples.length - i);
      this.pending.set(samples.subarray(i, i + take), this.filled);
      this.filled += take;
      i += take;
      if (this.filled === this.size) {
        out.push(this.pending);
        this.pending = new Int16Array(this.size);
        this.filled = 0;
      }
    }
    return out;
  }

  /** Samples waiting for a full chunk. */
  get buffered(): number {
    return this.filled;
  }
}
