/**
 * A compact ONNX graph for the Silero network, written at load from the weights of the graph
 * specialised to one rate (onnx-specialize.ts).
 *
 * Why: the published graph runs 31 nodes per window (padding, squeezes, splits and concats each
 * dispatched on its own), its STFT is a 258-filter convolution over 4 frames, and its encoder
 * convolutions run as GEMMs 4, 2 and 1 columns wide, which onnxruntime's kernels (16 columns at a
 * time) run mostly empty. Here the caller pads the input (reflection, as the graph's Pad) and
 * computes the STFT magnitude by FFT, laid out as the first layer's input rows
 * (silero-features.ts); the graph holds the encoder as four Gemm+ReLU, time-major (the first over
 * the 4 frame rows, the others over the flattened frames by block-Toeplitz matrices), the LSTM
 * (weights in ONNX gate order, folded at load) and the decoder, with the state one [2, 1, 128]
 * tensor in and out. The products are the published ones, summed in another order: the
 * probabilities differ from the published graph's by float32 rounding, within 1e-5
 * (onnx-specialize.test.ts), and the VAD's events are identical (silero-vad.equivalence.test.ts).
 */
import {
  ATTRIBUTE_INTS,
  ATTRIBUTE_TENSOR,
  concat,
  floatValueInfo,
  GRAPH_INITIALIZER,
  GRAPH_INPUT,
  GRAPH_NAME,
  GRAPH_NODE,
  GRAPH_OUTPUT,
  lenField,
  MODEL_GRAPH,
  MODEL_IR_VERSION,
  MODEL_OPSET_IMPORT,
  MODEL_PRODUCER_NAME,
  modelGraph,
  NODE_ATTRIBUTE,
  NODE_INPUT,
  NODE_NAME,
  NODE_OP_TYPE,
  NODE_OUTPUT,
  ONNX_FLOAT,
  ONNX_INT64,
  OPSET_DOMAIN,
  OPSET_VERSION,
  parseMessage,
  readNode,
  readVarint,
  TENSOR_DATA_TYPE,
  TENSOR_DIMS,
  TENSOR_NAME,
  TENSOR_RAW_DATA,
  text,
  varintField,
  type GraphNode,
} from './onnx-wire';
import { binsOf, type SileroStft } from './silero-features';

export interface CompactSileroGraph {
  /**
   * ONNX bytes: inputs `features` [frames, 3 · bins] (silero-features.ts) and `h` [1, 128] (the
   * LSTM's last output); output `gates` [1, 512], the LSTM's gates after their sigmoid (the
   * cell gate's as σ(2g), see below).
   */
  model: Uint8Array;
  /** The decoder after the LSTM (ReLU, then this kernel-1 convolution to one logit). */
  decoder: { weight: Float32Array; bias: number };
  /** How the caller makes the `features` input (silero-features.ts). */
  stft: SileroStft;
}

interface Weight {
  dims: number[];
  data: Float32Array;
}

const HIDDEN = 128;

/** Float Constant nodes and initializers of the top-level graph, by name. */
function floatTensors(nodes: GraphNode[], graphFields: ReturnType<typeof parseMessage>): Map<string, Weight> {
  const out = new Map<string, Weight>();
  const add = (tensor: Uint8Array | undefined, constantOutput?: string) => {
    if (!tensor) return;
    const tf = parseMessage(tensor);
    if (tf.find((g) => g.field === TENSOR_DATA_TYPE)?.value !== ONNX_FLOAT) return;
    const raw = tf.find((g) => g.field === TENSOR_RAW_DATA)?.payload;
    if (!raw) return;
    const dims = tf.filter((g) => g.field === TENSOR_DIMS).map((g) => g.value as number);
    // A Constant's tensor is known by the node's output; an initializer by its own name.
    const name = constantOutput ?? new TextDecoder().decode(tf.find((g) => g.field === TENSOR_NAME)?.payload);
    // Copy: raw is a view into the file at an arbitrary (unaligned) offset.
    out.set(name, { dims, data: new Float32Array(raw.slice().buffer) });
  };
  for (const n of nodes) {
    if (n.op !== 'Constant') continue;
    add(n.attributes.get('value')?.find((g) => g.field === ATTRIBUTE_TENSOR)?.payload, n.outputs[0]);
  }
  for (const f of graphFields) if (f.field === GRAPH_INITIALIZER) add(f.payload);
  return out;
}

function ints(attribute: ReturnType<typeof parseMessage> | undefined): number[] {
  const out: number[] = [];
  for (const g of attribute ?? []) {
    if (g.field !== ATTRIBUTE_INTS) continue;
    if (g.value !== undefined) out.push(g.value);
    else if (g.payload) {
      for (let p = 0; p < g.payload.length;) {
        const [v, next] = readVarint(g.payload, p);
        out.push(v);
        p = next;
      }
    }
  }
  return out;
}

/**
 * The compact graph for `inputSamples` (context + window) per call, from a graph specialised to
 * one rate. Throws, naming what is missing or unexpected, if the weights are not Silero v5/v6's.
 */
export function compactSileroGraph(specialized: Uint8Array, inputSamples: number): CompactSileroGraph {
  const graphFields = parseMessage(modelGraph(specialized));
  const nodes = graphFields.filter((f) => f.field === GRAPH_NODE).map(readNode);
  const tensors = floatTensors(nodes, graphFields);
  const named = (suffix: string): [string, Weight] => {
    const hits = [...tensors].filter(([name]) => name === suffix || name.endsWith(`__${suffix}`));
    if (hits.length !== 1) {
      throw new Error(
        `Silero model: expected one weight tensor "${suffix}" in the graph specialised to one rate, found ${hits.length}`,
      );
    }
    return hits[0];
  };
  const weight = (suffix: string, dims: number[]): Float32Array => {
    const [, w] = named(suffix);
    if (w.dims.join() !== dims.join()) {
      throw new Error(`Silero model: ${suffix} is [${w.dims.join(', ')}], expected [${dims.join(', ')}]`);
    }
    return w.data;
  };
  const strideOf = (suffix: string): number => {
    const [name] = named(suffix);
    const conv = nodes.find((n) => n.op === 'Conv' && n.inputs[1] === name);
    const strides = ints(conv?.attributes.get('strides'));
    if (strides.length !== 1) throw new Error(`Silero model: no 1-D Conv reads ${suffix}`);
    return strides[0];
  };

  const [, basis] = named('stft.forward_basis_buffer');
  const fftSize = basis.dims[2];
  const bins = binsOf(fftSize);
  const hop = strideOf('stft.forward_basis_buffer');
  // Silero v5/v6 pads a quarter of the FFT size; the equality test checks the whole graph.
  const padding = fftSize / 4;
  const frameCount = Math.floor((inputSamples + padding - fftSize) / hop) + 1;
  // The STFT is done by an FFT in JS (silero-features.ts), which is only right if the basis is
  // a windowed DFT; its first row (frequency 0) is the window.
  const window = windowOfBasis(weight('stft.forward_basis_buffer', [2 * bins, 1, fftSize]), fftSize);
  const graph = new GraphWriter();
  // The encoder, time-major: each Conv1d (kernel 3, padding 1) as one wide matrix product. The
  // first takes the rows the caller lays out (3 frames' spectra per output frame); the others
  // take the previous layer's output flattened to one row, times a block-Toeplitz matrix that
  // holds the kernel at each output position. Same products as the Conv, summed in another order.
  let input = 'features';
  let frames = frameCount;
  let channels = bins;
  for (const [layer, out] of [
    [0, 128],
    [1, 64],
    [2, 64],
    [3, 128],
  ] as const) {
    const stride = strideOf(`encoder.${layer}.reparam_conv.weight`);
    const w = weight(`encoder.${layer}.reparam_conv.weight`, [out, channels, 3]);
    const b = weight(`encoder.${layer}.reparam_conv.bias`, [out]);
    const framesOut = Math.floor((frames + 2 - 3) / stride) + 1;
    if (layer === 0) {
      if (stride !== 1) throw new Error(`Silero model: encoder.0 has stride ${stride}, expected 1`);
      graph.float('enc0_w', [3 * channels, out], firstLayerMatrix(w, out, channels));
      graph.float('enc0_b', [out], b);
    } else {
      if (layer === 1) graph.reshape(input, [1, frames * channels], 'enc0_row');
      if (layer === 1) input = 'enc0_row';
      const matrix = toeplitzMatrix(w, out, channels, frames, framesOut, stride);
      graph.float(`enc${layer}_w`, [frames * channels, framesOut * out], matrix);
      const bias = new Float32Array(framesOut * out);
      for (let t = 0; t < framesOut; t++) bias.set(b, t * out);
      graph.float(`enc${layer}_b`, [framesOut * out], bias);
    }
    graph.node('Gemm', [input, `enc${layer}_w`, `enc${layer}_b`], [`enc${layer}_gemm`]);
    graph.node('Relu', [`enc${layer}_gemm`], [`enc${layer}`]);
    input = `enc${layer}`;
    frames = framesOut;
    channels = out;
  }
  if (frames !== 1 || channels !== HIDDEN) {
    throw new Error(
      `Silero model: the encoder ends with ${frames} frames of ${channels}, expected 1 of ${HIDDEN}`,
    );
  }
  // The LSTM's two products, in one chain: gates = σ(enc3 · Wᵀ + (h · Rᵀ + b_ih + b_hh)), in
  // PyTorch's gate order (input, forget, cell, output). The cell gate's rows are doubled (exact in
  // float32) so that one sigmoid serves all four: tanh(g) = 2σ(2g) − 1. The cell update, the
  // decoder and its sigmoid run in JS on these 512 values (silero-cell.ts): as nodes they cost
  // more than they compute.
  const cellRowsDoubled = (m: Float32Array) =>
    m.map((v, i) => (Math.floor(i / (m.length / 4)) === 2 ? 2 * v : v));
  const lstmW = cellRowsDoubled(weight('decoder.rnn.weight_ih', [4 * HIDDEN, HIDDEN]));
  const lstmR = cellRowsDoubled(weight('decoder.rnn.weight_hh', [4 * HIDDEN, HIDDEN]));
  const biasIh = weight('decoder.rnn.bias_ih', [4 * HIDDEN]);
  const biasHh = weight('decoder.rnn.bias_hh', [4 * HIDDEN]);
  graph.float('lstm_w', [HIDDEN, 4 * HIDDEN], transpose(lstmW, 4 * HIDDEN));
  graph.float('lstm_r', [HIDDEN, 4 * HIDDEN], transpose(lstmR, 4 * HIDDEN));
  graph.float('lstm_b', [4 * HIDDEN], cellRowsDoubled(biasIh.map((v, i) => v + biasHh[i])));
  graph.node('Gemm', ['h', 'lstm_r', 'lstm_b'], ['recurrent']);
  graph.node('Gemm', [input, 'lstm_w', 'recurrent'], ['gates_linear']);
  graph.node('Sigmoid', ['gates_linear'], ['gates']);
  const model = graph.model(
    [floatValueInfo('features', [frameCount, 3 * bins]), floatValueInfo('h', [1, HIDDEN])],
    [floatValueInfo('gates', [1, 4 * HIDDEN])],
  );
  const decoder = {
    weight: weight('decoder.decoder.2.weight', [1, HIDDEN, 1]),
    bias: weight('decoder.decoder.2.bias', [1])[0],
  };
  return { model, stft: { window, fftSize, hop, frames: frameCount, padding }, decoder };
}

/** A [rows, cols] row-major matrix as [cols, rows]. */
function transpose(m: Float32Array, rows: number): Float32Array {
  const cols = m.length / rows;
  const out = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c];
  return out;
}
/**
 * The basis' first row (cos of frequency 0, times the window) after checking that every row is
 * window × cos or window × ∓sin of its frequency, as the FFT computes (to 1e-6: the file stores
 * float32). Throws otherwise: that file then runs on the specialised graph.
 */
function windowOfBasis(basis: Float32Array, fftSize: number): Float32Array {
  const bins = binsOf(fftSize);
  const window = basis.slice(0, fftSize);
  let worst = 0;
  for (let k = 0; k < bins; k++) {
    for (let i = 0; i < fftSize; i++) {
      // Reduce k·i mod fftSize first: the angle stays small, so cos and sin are exact enough.
      const angle = (2 * Math.PI * ((k * i) % fftSize)) / fftSize;
      worst = Math.max(
        worst,
        Math.abs(basis[k * fftSize + i] - window[i] * Math.cos(angle)),
        Math.min(
          Math.abs(basis[(bins + k) * fftSize + i] + window[i] * Math.sin(angle)),
          Math.abs(basis[(bins + k) * fftSize + i] - window[i] * Math.sin(angle)),
        ),
      );
    }
  }
  if (!(worst <= 1e-6)) {
    throw new Error(`Silero model: the STFT basis is not a windowed DFT (off by ${worst.toExponential(2)})`);
  }
  return window;
}

/** Conv weights [out, in, 3] as the [3·in, out] matrix for rows of three frames' inputs. */
function firstLayerMatrix(w: Float32Array, out: number, channels: number): Float32Array {
  const matrix = new Float32Array(3 * channels * out);
  for (let o = 0; o < out; o++) {
    for (let c = 0; c < channels; c++) {
      for (let k = 0; k < 3; k++) matrix[(k * channels + c) * out + o] = w[(o * channels + c) * 3 + k];
    }
  }
  return matrix;
}

/**
 * Conv weights [out, in, 3] (padding 1, `stride`) as the matrix that maps the flattened input
 * (frame-major: frame t, channel c at t·in + c) to the flattened output (t'·out + o).
 */
function toeplitzMatrix(
  w: Float32Array,
  out: number,
  channels: number,
  framesIn: number,
  framesOut: number,
  stride: number,
): Float32Array {
  const columns = framesOut * out;
  const matrix = new Float32Array(framesIn * channels * columns);
  for (let to = 0; to < framesOut; to++) {
    for (let k = 0; k < 3; k++) {
      const ti = to * stride - 1 + k;
      if (ti < 0 || ti >= framesIn) continue; // the zero padding
      for (let c = 0; c < channels; c++) {
        for (let o = 0; o < out; o++) {
          matrix[(ti * channels + c) * columns + to * out + o] = w[(o * channels + c) * 3 + k];
        }
      }
    }
  }
  return matrix;
}

function tensorProto(
  name: string,
  dims: number[],
  type: number,
  data: Float32Array | BigInt64Array,
): Uint8Array {
  return concat([
    ...dims.map((d) => varintField(TENSOR_DIMS, d)),
    varintField(TENSOR_DATA_TYPE, type),
    lenField(TENSOR_NAME, text(name)),
    lenField(TENSOR_RAW_DATA, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
  ]);
}

/** Accumulates nodes and initializers of one graph (opset 16, as the published model). */
class GraphWriter {
  private readonly nodes: Uint8Array[] = [];
  private readonly initializers: Uint8Array[] = [];

  node(op: string, inputs: string[], outputs: string[], attributes: Uint8Array[] = []): void {
    this.nodes.push(
      lenField(
        GRAPH_NODE,
        concat([
          ...inputs.map((i) => lenField(NODE_INPUT, text(i))),
          ...outputs.map((o) => lenField(NODE_OUTPUT, text(o))),
          lenField(NODE_NAME, text(`${op}_${this.nodes.length}`)),
          lenField(NODE_OP_TYPE, text(op)),
          ...attributes.map((a) => lenField(NODE_ATTRIBUTE, a)),
        ]),
      ),
    );
  }

  float(name: string, dims: number[], data: Float32Array): void {
    this.initializers.push(lenField(GRAPH_INITIALIZER, tensorProto(name, dims, ONNX_FLOAT, data)));
  }

  int64(name: string, values: number[]): void {
    const data = BigInt64Array.from(values.map(BigInt));
    this.initializers.push(lenField(GRAPH_INITIALIZER, tensorProto(name, [values.length], ONNX_INT64, data)));
  }

  reshape(input: string, dims: number[], output: string): void {
    this.int64(`${output}_shape`, dims);
    this.node('Reshape', [input, `${output}_shape`], [output]);
  }

  model(inputs: Uint8Array[], outputs: Uint8Array[]): Uint8Array {
    const graph = concat([
      ...this.nodes,
      lenField(GRAPH_NAME, text('silero_vad_compact')),
      ...this.initializers,
      ...inputs.map((i) => lenField(GRAPH_INPUT, i)),
      ...outputs.map((o) => lenField(GRAPH_OUTPUT, o)),
    ]);
    return concat([
      varintField(MODEL_IR_VERSION, 8),
      lenField(MODEL_PRODUCER_NAME, text('voice-agent-studio')),
      lenField(MODEL_GRAPH, graph),
      lenField(
        MODEL_OPSET_IMPORT,
        concat([lenField(OPSET_DOMAIN, text('')), varintField(OPSET_VERSION, 16)]),
      ),
    ]);
  }
}
