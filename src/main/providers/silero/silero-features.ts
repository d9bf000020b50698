/**
 * The front of the Silero network done in JS: the STFT magnitude of the padded input, laid out as
 * the first encoder layer's input rows (each row the spectra of three neighbouring frames).
 *
 * Why: the published graph computes its STFT as a 258-filter convolution of the input with a
 * Hann-windowed DFT basis (264k multiply-adds for 4 frames of 256) and then runs the first
 * encoder convolution 4 columns wide. A real FFT (fft.js) of the 4 windowed frames is a few
 * thousand operations, and with the rows laid out here the first encoder layer is one 4-row Gemm
 * in the compact graph (silero-graph.ts). The FFT runs in float64, so the magnitudes are at least
 * as exact as the published float32 convolution's; the sums are ordered differently, so the
 * probabilities differ from the published graph's by float32 rounding (≤ 1e-5,
 * onnx-specialize.test.ts) and the VAD's events do not change (silero-vad.equivalence.test.ts).
 */
import FFT from 'fft.js';

/** How the compact graph's input is made from one padded model input. */
export interface SileroStft {
  /** The analysis window (periodic Hann in Silero v5/v6), taken from the model's basis. */
  window: Float32Array;
  fftSize: number;
  hop: number;
  /** FFT frames per input: also the rows of the features. */
  frames: number;
  /** Samples the caller appends to each input: input[L-2], input[L-3], … (reflection). */
  padding: number;
}

/** Frequency bins of a real FFT of `fftSize` samples (DC to Nyquist). */
export const binsOf = (fftSize: number): number => fftSize / 2 + 1;

/**
 * Per-model scratch for the features; not shared between models (it is written every window).
 * Row t of the output holds |STFT| of frames t-1, t and t+1 (zeros past either end), which is
 * what the first encoder convolution (kernel 3, padding 1, stride 1) reads for its output t.
 */
export class SileroFeatures {
  /** Floats the output needs: `frames` rows of 3 spectra. */
  readonly length: number;
  private readonly fft: FFT;
  private readonly frame: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly bins: number;

  constructor(private readonly stft: SileroStft) {
    if (stft.window.length !== stft.fftSize) {
      throw new Error(
        `SileroFeatures: window has ${stft.window.length} samples, FFT size is ${stft.fftSize}`,
      );
    }
    this.fft = new FFT(stft.fftSize);
    this.frame = new Float64Array(stft.fftSize);
    this.spectrum = new Float64Array(2 * stft.fftSize);
    this.bins = binsOf(stft.fftSize);
    this.length = stft.frames * 3 * this.bins;
  }

  /**
   * Writes the rows for `padded` (context + window + reflection padding) into `out`, which must
   * be `length` floats and zero where no frame lands (a fresh array is; nothing else writes there).
   */
  compute(padded: Float32Array, out: Float32Array): void {
    const { window, fftSize, hop, frames } = this.stft;
    const { frame, spectrum, bins } = this;
    const need = (frames - 1) * hop + fftSize;
    if (padded.length < need || out.length !== this.length) {
      throw new Error(
        `SileroFeatures.compute: needs ${need} input samples and ${this.length} outputs, got ${padded.length} and ${out.length}`,
      );
    }
    const row = 3 * bins;
    for (let t = 0; t < frames; t++) {
      const start = t * hop;
      for (let i = 0; i < fftSize; i++) frame[i] = padded[start + i] * window[i];
      this.fft.realTransform(spectrum, frame);
      // Frame t is the middle third of row t, the last third of row t-1, the first of row t+1.
      const middle = t * row + bins;
      const before = t > 0 ? (t - 1) * row + 2 * bins : -1;
      const after = t + 1 < frames ? (t + 1) * row : -1;
      for (let c = 0; c < bins; c++) {
        const re = spectrum[2 * c];
        const im = spectrum[2 * c + 1];
        const magnitude = Math.sqrt(re * re + im * im);
        out[middle + c] = magnitude;
        if (before >= 0) out[before + c] = magnitude;
        if (after >= 0) out[after + c] = magnitude;
      }
    }
  }
}
