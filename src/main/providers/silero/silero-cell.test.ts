/**
 * The LSTM cell and decoder in JS against the textbook LSTM step (PyTorch's equations) written
 * out with Math.tanh, from pre-activations: the graph hands the cell σ of each gate, the cell
 * gate's as σ(2g).
 */
import { describe, expect, it } from 'vitest';
import { SileroCell } from './silero-cell';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('SileroCell', () => {
  it('steps h and c as an LSTM and decodes the probability, over several windows', () => {
    const hidden = 4;
    const decoder = { weight: Float32Array.of(0.5, -1, 2, 0.25), bias: -0.3 };
    const cell = new SileroCell(hidden, decoder);
    let h = [0, 0, 0, 0];
    let c = [0, 0, 0, 0];
    for (let step = 0; step < 5; step++) {
      // Pre-activations i, f, g, o per unit, varied per step (some large, to saturate tanh).
      const pre = Array.from({ length: 4 * hidden }, (_, k) => Math.sin(3.1 * k + step) * (k === 9 ? 30 : 2));
      const gates = Float32Array.from(pre, (x, k) =>
        k >= 2 * hidden && k < 3 * hidden ? sigmoid(2 * x) : sigmoid(x),
      );
      const got = cell.step(gates);
      const i = pre.slice(0, hidden).map(sigmoid);
      const f = pre.slice(hidden, 2 * hidden).map(sigmoid);
      const g = pre.slice(2 * hidden, 3 * hidden).map(Math.tanh);
      const o = pre.slice(3 * hidden).map(sigmoid);
      c = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
      h = c.map((cj, j) => o[j] * Math.tanh(cj));
      const logit = h.reduce((sum, hj, j) => sum + Math.max(hj, 0) * decoder.weight[j], decoder.bias);
      expect(got).toBeCloseTo(sigmoid(logit), 6);
      h.forEach((hj, j) => expect(cell.h[j]).toBeCloseTo(hj, 6));
    }
    cell.reset();
    expect([...cell.h]).toEqual([0, 0, 0, 0]);
  });

  it('refuses gates and decoders of the wrong size', () => {
    expect(() => new SileroCell(4, { weight: new Float32Array(3), bias: 0 })).toThrow(
      /decoder has 3 weights for 4 hidden units/,
    );
    expect(() =>
      new SileroCell(4, { weight: new Float32Array(4), bias: 0 }).step(new Float32Array(8)),
    ).toThrow(/expected 16 gate values, got 8/);
  });
});
