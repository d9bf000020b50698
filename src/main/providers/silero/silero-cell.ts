/**
 * The end of the Silero network in JS: the LSTM cell's element-wise update from its 512 gates
 * (the compact graph computes them, sigmoid included, silero-graph.ts), then the decoder (ReLU, a
 * dot product with 128 weights, sigmoid).
 *
 * Why: in onnxruntime the LSTM node plus the split, concat, reshape, ReLU and decoder nodes around
 * it cost more in dispatch than the ~1,000 element-wise operations they do; here they are one loop.
 * The state (h fed back to the graph, c kept here) stays float32 as in the published graph.
 */

export class SileroCell {
  /** The LSTM's output: the array the graph's `h` input tensor wraps. */
  readonly h: Float32Array;
  private readonly c: Float32Array;

  constructor(
    readonly hidden: number,
    private readonly decoder: { weight: Float32Array; bias: number },
  ) {
    if (decoder.weight.length !== hidden) {
      throw new Error(`SileroCell: decoder has ${decoder.weight.length} weights for ${hidden} hidden units`);
    }
    this.h = new Float32Array(hidden);
    this.c = new Float32Array(hidden);
  }

  /**
   * Advances the state by one window from `gates` (input, forget, cell, output blocks of
   * `hidden`, PyTorch's order, each after the sigmoid; the cell block as σ(2g), so that
   * tanh(g) = 2σ(2g) − 1) and returns the speech probability.
   */
  step(gates: Float32Array): number {
    const { hidden, h, c } = this;
    if (gates.length !== 4 * hidden) {
      throw new Error(`SileroCell.step: expected ${4 * hidden} gate values, got ${gates.length}`);
    }
    const w = this.decoder.weight;
    let logit = this.decoder.bias;
    for (let j = 0; j < hidden; j++) {
      const cell = 2 * gates[2 * hidden + j] - 1;
      c[j] = gates[hidden + j] * c[j] + gates[j] * cell;
      h[j] = gates[3 * hidden + j] * tanh(c[j]);
      if (h[j] > 0) logit += w[j] * h[j];
    }
    return Math.fround(sigmoid(logit));
  }

  /** Forgets the state, as for a new recording. */
  reset(): void {
    this.h.fill(0);
    this.c.fill(0);
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** tanh by one exp (V8's Math.tanh is several times slower); exact enough for float32 state. */
function tanh(x: number): number {
  if (x > 20) return 1;
  if (x < -20) return -1;
  const e = Math.exp(2 * x);
  return (e - 1) / (e + 1);
}
