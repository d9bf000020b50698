/**
 * A compact ONNX graph for the Silero network, written at load from the weights of the graph
 * specialised to one rate (onnx-specialize.ts).
 *
 * Why: even after onnxruntime's own folding, the published graph runs 31 nodes per window: the
 * reflection padding and an unsqueeze before the STFT, and squeezes, unsqueezes, a split and a
 * concat around the LSTM, each dispatched on its own; and its STFT is a 258-filter convolution
 * over 4 frames, which onnxruntime's GEMM kernels (16 columns at a time) run mostly empty. Here
 * the caller pads the input (the last samples mirrored, as the graph's Pad does) and cuts it into
 * the 4 FFT frames; the STFT is a MatMul of those frames by the transposed basis (4 rows × 258
 * columns: the same multiply-add chain per output, run several times faster), then the magnitude,
 * four Conv+ReLU, the LSTM (weights in ONNX gate order, folded at load) and the decoder, with the
 * state one [2, 1, 128] tensor in and out: 19 nodes once onnxruntime has fused them. Each output
 * is computed by the same chain of float32 operations as in the published graph, so the
 * probabilities are identical (onnx-specialize.test.ts). Rewrites that are faster but reorder
 * sums (the encoder as Gemms, the STFT by FFT) were measured and left out: docs/bench/RESULTS.md.
 */
import {
  ATTRIBUTE_INT,
  ATTRIBUTE_INTS,
  ATTRIBUTE_NAME,
  ATTRIBUTE_TENSOR,
  ATTRIBUTE_TYPE,
  ATTRIBUTE_TYPE_INT,
  ATTRIBUTE_TYPE_INTS,
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

export interface CompactSileroGraph {
  /**
   * ONNX bytes: inputs `frames` [1, frames, fftSize] and `state` [2, 1, 128]; outputs `output`
   * [1, 1] and `stateN` [2, 1, 128].
   */
  model: Uint8Array;
  /** Samples the caller appends to each input: input[L-2], input[L-3], … (reflection). */
  padding: number;
  /** The `frames` input: `frames` slices of `fftSize` samples, `hop` apart, of the padded input. */
  fftSize: number;
  hop: number;
  frames: number;
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
  const bins = fftSize / 2 + 1;
  const hop = strideOf('stft.forward_basis_buffer');
  // Silero v5/v6 pads a quarter of the FFT size; the equality test checks the whole graph.
  const padding = fftSize / 4;
  const frameCount = Math.floor((inputSamples + padding - fftSize) / hop) + 1;
  const graph = new GraphWriter();
  // The STFT as the published Conv computes it, frame by frame: each output is the same chain of
  // fftSize multiply-adds. As a MatMul over the frames (framed by the caller) onnxruntime runs it
  // 4 rows × 258 columns wide instead of 258 × 4, which its kernels do several times faster.
  const stftBasis = weight('stft.forward_basis_buffer', [2 * bins, 1, fftSize]);
  const basisT = new Float32Array(stftBasis.length);
  for (let r = 0; r < 2 * bins; r++) {
    for (let i = 0; i < fftSize; i++) basisT[i * 2 * bins + r] = stftBasis[r * fftSize + i];
  }
  graph.float('stft_basis', [fftSize, 2 * bins], basisT);
  graph.node('MatMul', ['frames', 'stft_basis'], ['stft']);
  graph.int64('stft_split', [bins, bins]);
  graph.node('Split', ['stft', 'stft_split'], ['stft_re', 'stft_im'], [intAttribute('axis', 2)]);
  graph.float('two', [], Float32Array.of(2));
  graph.node('Pow', ['stft_re', 'two'], ['stft_re2']);
  graph.node('Pow', ['stft_im', 'two'], ['stft_im2']);
  graph.node('Add', ['stft_re2', 'stft_im2'], ['stft_power']);
  graph.node('Sqrt', ['stft_power'], ['magnitude']);
  graph.node('Transpose', ['magnitude'], ['spectrum'], [intsAttribute('perm', [0, 2, 1])]);
  // The encoder keeps the published shapes: time-major Gemms would be faster, but they block and
  // order the sums differently and the probabilities drift (docs/bench/RESULTS.md).
  let input = 'spectrum';
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
    graph.float(`enc${layer}_b`, [out], weight(`encoder.${layer}.reparam_conv.bias`, [out]));
    graph.float(`enc${layer}_w`, [out, channels, 3], w);
    graph.node(
      'Conv',
      [input, `enc${layer}_w`, `enc${layer}_b`],
      [`enc${layer}_conv`],
      [intsAttribute('kernel_shape', [3]), intsAttribute('pads', [1, 1]), intsAttribute('strides', [stride])],
    );
    graph.node('Relu', [`enc${layer}_conv`], [`enc${layer}`]);
    input = `enc${layer}`;
    frames = Math.floor((frames + 2 - 3) / stride) + 1;
    channels = out;
  }
  if (frames !== 1 || channels !== HIDDEN) {
    throw new Error(
      `Silero model: the encoder ends with ${frames} frames of ${channels}, expected 1 of ${HIDDEN}`,
    );
  }
  graph.reshape(input, [1, 1, HIDDEN], 'lstm_x');
  graph.int64('state_split', [1, 1]);
  graph.node('Split', ['state', 'state_split'], ['h', 'c'], [intAttribute('axis', 0)]);
  const matrixGates = (suffix: string) => onnxGateOrder(weight(suffix, [4 * HIDDEN, HIDDEN]), HIDDEN);
  const biasGates = (suffix: string) => onnxGateOrder(weight(suffix, [4 * HIDDEN]), 1);
  graph.float('W', [1, 4 * HIDDEN, HIDDEN], matrixGates('decoder.rnn.weight_ih'));
  graph.float('R', [1, 4 * HIDDEN, HIDDEN], matrixGates('decoder.rnn.weight_hh'));
  const lstmBias = new Float32Array(8 * HIDDEN);
  lstmBias.set(biasGates('decoder.rnn.bias_ih'), 0);
  lstmBias.set(biasGates('decoder.rnn.bias_hh'), 4 * HIDDEN);
  graph.float('B', [1, 8 * HIDDEN], lstmBias);
  graph.node(
    'LSTM',
    ['lstm_x', 'W', 'R', 'B', '', 'h', 'c'],
    ['', 'hN', 'cN'],
    [intAttribute('hidden_size', HIDDEN)],
  );
  graph.node('Concat', ['hN', 'cN'], ['stateN'], [intAttribute('axis', 0)]);
  // The decoder as published: ReLU, a kernel-1 Conv1d to one channel, sigmoid.
  graph.reshape('hN', [1, HIDDEN, 1], 'decoder_x');
  graph.node('Relu', ['decoder_x'], ['decoder_relu']);
  graph.float('decoder_w', [1, HIDDEN, 1], weight('decoder.decoder.2.weight', [1, HIDDEN, 1]));
  graph.float('decoder_b', [1], weight('decoder.decoder.2.bias', [1]));
  graph.node(
    'Conv',
    ['decoder_relu', 'decoder_w', 'decoder_b'],
    ['logit'],
    [intsAttribute('kernel_shape', [1])],
  );
  graph.node('Sigmoid', ['logit'], ['probability']);
  graph.reshape('probability', [1, 1], 'output');
  const model = graph.model(
    [floatValueInfo('frames', [1, frameCount, fftSize]), floatValueInfo('state', [2, 1, HIDDEN])],
    [floatValueInfo('output', [1, 1]), floatValueInfo('stateN', [2, 1, HIDDEN])],
  );
  return { model, padding, fftSize, hop, frames: frameCount };
}

/** PyTorch's LSTM gate blocks (input, forget, cell, output) in ONNX's order (input, output, forget, cell). */
function onnxGateOrder(w: Float32Array, cols: number): Float32Array {
  const block = HIDDEN * cols;
  const out = new Float32Array(w.length);
  [0, 3, 1, 2].forEach((from, to) => out.set(w.subarray(from * block, (from + 1) * block), to * block));
  return out;
}

function intsAttribute(name: string, values: number[]): Uint8Array {
  return concat([
    lenField(ATTRIBUTE_NAME, text(name)),
    ...values.map((v) => varintField(ATTRIBUTE_INTS, v)),
    varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS),
  ]);
}

function intAttribute(name: string, value: number): Uint8Array {
  return concat([
    lenField(ATTRIBUTE_NAME, text(name)),
    varintField(ATTRIBUTE_INT, value),
    varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT),
  ]);
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
