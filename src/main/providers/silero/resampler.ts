/**
 * Streaming sample-rate conversion for the VAD's input.
 *
 * Why libsamplerate-js (`@alexanderolsen/libsamplerate-js`, MIT + libsamplerate's BSD-2, no
 * dependencies): it is a WebAssembly build of a long-established converter and exposes its
 * stateful "full" API, so 10 ms frames at 22.05 or 48 kHz convert without clicks at the frame
 * edges, and it compensates its filter delay (an impulse at input sample 2400 of 48 kHz audio
 * comes out at sample 800 of 16 kHz), so VAD timestamps are not shifted. @livekit/rtc-node's
 * AudioResampler works offline too, but once used it keeps the process alive until a
 * process-wide `dispose()` that would also tear down any LiveKit room in the same process — a
 * provider cannot own that. The fastest sinc converter is ample for a speech/no-speech decision.
 * Integer ratios down (48, 32 or 96 kHz to 16 kHz) take a plain FIR decimator instead
 * (decimator.ts): same contract, a fraction of the cost.
 */
import { createRequire } from 'node:module';
import { createDecimator } from './decimator';

// CommonJS package: require keeps one loading path under tsx, vitest and the bundled main.
const require = createRequire(import.meta.url);
const libsamplerate =
  require('@alexanderolsen/libsamplerate-js') as typeof import('@alexanderolsen/libsamplerate-js');

export interface MonoResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Converts the next chunk; output may lag input by a few samples held in the filter. */
  push(samples: Float32Array): Float32Array;
  close(): void;
}

/** The library's own limit; larger rates are refused before any WebAssembly is compiled. */
const MAX_RATE = 192_000;

export async function createResampler(inputRate: number, outputRate: number): Promise<MonoResampler> {
  for (const [name, rate] of [
    ['input', inputRate],
    ['output', outputRate],
  ] as const) {
    if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE) {
      throw new Error(`resampler: ${name} sample rate must be an integer 1-${MAX_RATE} Hz, got ${rate}`);
    }
  }
  if (inputRate > outputRate && inputRate % outputRate === 0) return createDecimator(inputRate, outputRate);
  return createSincResampler(inputRate, outputRate);
}

/** libsamplerate's fastest sinc converter, for any pair of rates. */
export async function createSincResampler(inputRate: number, outputRate: number): Promise<MonoResampler> {
  const src = await libsamplerate.create(1, inputRate, outputRate, {
    converterType: libsamplerate.ConverterType.SRC_SINC_FASTEST,
  });
  let closed = false;
  return {
    inputRate,
    outputRate,
    push(samples) {
      if (closed) throw new Error('resampler: push after close');
      if (samples.length === 0) return new Float32Array(0);
      try {
        return src.full(samples);
      } catch (err) {
        // The library throws plain strings; give callers an Error with the rates in it.
        throw new Error(`resampler ${inputRate}->${outputRate} Hz failed: ${String(err)}`);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      src.destroy();
    },
  };
}

/** PCM16 to the [-1, 1) floats the model and the converter take. */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] / 32768;
  return out;
}
