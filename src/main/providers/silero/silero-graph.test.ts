/**
 * The compact graph's structure and its refusals; that its probabilities equal the published
 * graph's is onnx-specialize.test.ts's job (espeak-ng speech).
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { resolveSileroModelPath } from './onnx-model';
import { specializeSileroModel } from './onnx-specialize';
import { modelGraph, parseMessage, readNode, GRAPH_NODE } from './onnx-wire';
import { compactSileroGraph } from './silero-graph';

const file = readFileSync(resolveSileroModelPath());
const ops = (model: Uint8Array) =>
  parseMessage(modelGraph(model))
    .filter((f) => f.field === GRAPH_NODE)
    .map((f) => readNode(f).op);

describe('compact Silero graph', () => {
  it.each([
    [16000, 576, 64, 256],
    [8000, 288, 32, 128],
  ])(
    'at %i Hz takes the features of the padded input and the state: the encoder as Gemms, no plumbing',
    async (rate, samples, padding, fftSize) => {
      const compact = compactSileroGraph(specializeSileroModel(file, rate, samples), samples);
      const { stft } = compact;
      expect(stft).toMatchObject({ padding, fftSize, hop: fftSize / 2, frames: 4 });
      expect((stft.frames - 1) * stft.hop + fftSize).toBe(samples + padding);
      // The window is the periodic Hann window the basis was made with.
      const hann = Array.from(
        { length: fftSize },
        (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / fftSize),
      );
      expect(Math.max(...hann.map((h, i) => Math.abs(h - stft.window[i])))).toBeLessThan(1e-6);
      const nodes = ops(compact.model);
      expect(nodes.filter((op) => op === 'Gemm')).toHaveLength(5); // 4 encoder layers, decoder
      expect(nodes.filter((op) => op === 'LSTM')).toHaveLength(1);
      for (const plumbing of [
        'Conv',
        'MatMul',
        'Squeeze',
        'Unsqueeze',
        'If',
        'Pad',
        'Identity',
        'Constant',
        'Shape',
      ]) {
        expect(nodes).not.toContain(plumbing);
      }
      const session = await ort.InferenceSession.create(compact.model);
      try {
        expect(session.inputNames).toEqual(['features', 'state']);
        expect(session.outputNames).toEqual(['output', 'stateN']);
        const bins = fftSize / 2 + 1;
        const out = await session.run({
          features: new ort.Tensor('float32', new Float32Array(4 * 3 * bins), [4, 3 * bins]),
          state: new ort.Tensor('float32', new Float32Array(256), [2, 1, 128]),
        });
        expect(out.output.dims).toEqual([1, 1]);
        expect(out.stateN.dims).toEqual([2, 1, 128]);
      } finally {
        await session.release();
      }
    },
  );

  it('refuses a graph whose weights are not one rate’s Silero weights, naming what is missing', () => {
    // The published file keeps both rates' weights inside If branches: nothing at the top level.
    expect(() => compactSileroGraph(file, 576)).toThrow(
      /expected one weight tensor "stft.forward_basis_buffer" in the graph specialised to one rate, found 0/,
    );
    expect(() => compactSileroGraph(new TextEncoder().encode('hello, world'), 576)).toThrow(/Silero model: /);
  });
});
