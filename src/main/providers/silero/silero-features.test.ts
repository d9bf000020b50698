/**
 * The JS STFT front must compute what the published graph's convolution with its windowed DFT
 * basis computes: here against a direct DFT in float64, and the row layout the first encoder
 * layer reads (frames t-1, t, t+1; zeros past the ends).
 */
import { describe, expect, it } from 'vitest';
import { binsOf, SileroFeatures } from './silero-features';

function hann(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
}

/** |DFT| of the windowed frame at `start`, summed directly. */
function directMagnitudes(input: Float32Array, start: number, window: Float32Array): number[] {
  const n = window.length;
  return Array.from({ length: binsOf(n) }, (_, k) => {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      const x = input[start + i] * window[i];
      re += x * Math.cos((2 * Math.PI * k * i) / n);
      im -= x * Math.sin((2 * Math.PI * k * i) / n);
    }
    return Math.hypot(re, im);
  });
}

describe('SileroFeatures', () => {
  it.each([256, 128])('lays out |STFT| of 4 frames as rows of three neighbours (FFT size %i)', (fftSize) => {
    const hop = fftSize / 2;
    const window = hann(fftSize);
    const features = new SileroFeatures({ window, fftSize, hop, frames: 4, padding: fftSize / 4 });
    const bins = binsOf(fftSize);
    expect(features.length).toBe(4 * 3 * bins);
    // A chirp plus a DC offset: energy in many bins, including 0 and Nyquist.
    const input = Float32Array.from(
      { length: 3 * hop + fftSize },
      (_, i) => 0.1 + 0.5 * Math.sin(0.002 * i * i),
    );
    const out = new Float32Array(features.length);
    features.compute(input, out);
    const spectra = [0, 1, 2, 3].map((t) => directMagnitudes(input, t * hop, window));
    for (let t = 0; t < 4; t++) {
      for (let k = 0; k < 3; k++) {
        const source = t - 1 + k;
        const got = Array.from(out.subarray((3 * t + k) * bins, (3 * t + k + 1) * bins));
        if (source < 0 || source > 3) expect(got.every((v) => v === 0)).toBe(true);
        else
          got.forEach((v, c) =>
            expect(Math.abs(v - spectra[source][c])).toBeLessThan(1e-4 * (1 + spectra[source][c])),
          );
      }
    }
  });

  it('refuses inputs and outputs of the wrong size, naming both', () => {
    const features = new SileroFeatures({
      window: hann(256),
      fftSize: 256,
      hop: 128,
      frames: 4,
      padding: 64,
    });
    expect(() => features.compute(new Float32Array(600), new Float32Array(features.length))).toThrow(
      /needs 640 input samples and 1548 outputs, got 600 and 1548/,
    );
    expect(
      () => new SileroFeatures({ window: hann(128), fftSize: 256, hop: 128, frames: 4, padding: 64 }),
    ).toThrow(/window has 128 samples, FFT size is 256/);
  });
});
