/**
 * The specialised graph, and the compact graph sessions run (silero-graph.ts), must be a pure
 * speed-up: the published graph's probabilities, window by window, on real (espeak-ng) speech at
 * both native rates, to float32 re-association noise (the compact graph sums the same products in
 * another order: 6.4e-6 at most, measured; bound 1e-5). That the VAD's decisions stay the same is
 * silero-vad.equivalence.test.ts's job.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSileroSession, resolveSileroModelPath, SileroModel, type ModelSampleRate } from './onnx-model';
import { sileroGraphInputs, specializeSileroModel } from './onnx-specialize';
import { int16ToFloat32 } from './resampler';
import { SpeechMaker, toolMissing } from '../testing/speech-audio';

describe('Silero graph specialisation', () => {
  const file = readFileSync(resolveSileroModelPath());

  it('turns sr into a constant and keeps input and state', () => {
    expect(sileroGraphInputs(file)).toEqual(['input', 'state', 'sr']);
    expect(sileroGraphInputs(specializeSileroModel(file, 16000, 576))).toEqual(['input', 'state']);
  });

  it('inlines the branch for the rate and drops the other rate weights', () => {
    // Both rates' weights are in the file; the inlined graph keeps one set (about half).
    expect(specializeSileroModel(file, 16000, 576).length).toBeLessThan(file.length * 0.75);
    expect(specializeSileroModel(file, 8000, 288).length).toBeLessThan(file.length * 0.75);
  });

  it('refuses graphs without Silero v5/v6 inputs, and bytes that are not a model', () => {
    const once = specializeSileroModel(file, 16000, 576);
    expect(() => specializeSileroModel(once, 16000, 576)).toThrow(
      /not a Silero VAD v5\/v6 model: inputs are \[input, state\], expected input, state, sr/,
    );
    expect(() => specializeSileroModel(new TextEncoder().encode('hello, world'), 16000, 576)).toThrow(
      /Silero model: /,
    );
  });
});

const missing = toolMissing();
describe.skipIf(missing !== null)('specialised vs published graph on espeak-ng speech', () => {
  let maker: SpeechMaker;
  let speech: Float32Array;
  let speech8k: Float32Array;
  let generic: ort.InferenceSession;

  beforeAll(async () => {
    maker = new SpeechMaker();
    const u = maker.compose(['Please book a table for two at seven tonight.'], 500, 0, 800);
    speech = int16ToFloat32(maker.resample(u.audio, 16000).data);
    speech8k = int16ToFloat32(maker.resample(u.audio, 8000).data);
    generic = await ort.InferenceSession.create(resolveSileroModelPath(), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
  });

  afterAll(async () => {
    maker?.dispose();
    await generic?.release();
  });

  async function probabilities(model: SileroModel, audio: Float32Array): Promise<number[]> {
    const out: number[] = [];
    for (let at = 0; at + model.windowSamples <= audio.length; at += model.windowSamples) {
      out.push(await model.infer(audio.subarray(at, at + model.windowSamples)));
    }
    return out;
  }

  it.each([16000, 8000] as const)(
    'gives the published probability (within 1e-5) for every window at %i Hz',
    async (rate: ModelSampleRate) => {
      const audio = rate === 16000 ? speech : speech8k;
      const session = await createSileroSession(undefined, rate);
      try {
        const fast = await probabilities(new SileroModel(session, rate), audio);
        const reference = await probabilities(new SileroModel(generic, rate), audio);
        expect(fast.length).toBe(reference.length);
        // The clip has speech: the comparison covers confident windows, not only silence.
        expect(Math.max(...reference)).toBeGreaterThan(0.9);
        const worst = Math.max(...fast.map((p, i) => Math.abs(p - reference[i])));
        console.log(`max |fast - published| at ${rate} Hz: ${worst.toExponential(3)}`);
        expect(worst).toBeLessThan(1e-5);
      } finally {
        await session.release();
      }
    },
  );
});
