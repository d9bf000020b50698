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
    'at %i Hz takes the features of the padded input and h, returns the LSTM gates: Gemms, no plumbing',
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
      expect(nodes.filter((op) => op === 'Gemm')).toHaveLength(6); // 4 encoder layers, h·R, x·W
      expect(nodes.filter((op) => op === 'Sigmoid')).toHaveLength(1); // the gates
      expect(compact.decoder.weight).toHaveLength(128);
      for (const plumbing of [
        'LSTM',
        'Split',
        'Concat',
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
        expect(session.inputNames).toEqual(['features', 'h']);
        expect(session.outputNames).toEqual(['gates']);
        const bins = fftSize / 2 + 1;
        const out = await session.run({
          features: new ort.Tensor('float32', new Float32Array(4 * 3 * bins), [4, 3 * bins]),
          h: new ort.Tensor('float32', new Float32Array(128), [1, 128]),
        });
        expect(out.gates.dims).toEqual([1, 512]);
        // Gates after their sigmoid: all in (0, 1).
        expect([...(out.gates.data as Float32Array)].every((g) => g > 0 && g < 1)).toBe(true);
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
