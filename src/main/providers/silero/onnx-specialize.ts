/**
 * Specialises the published Silero graph to one sample rate before onnxruntime loads it.
 *
 * Why: silero_vad.onnx takes the rate as an input (`sr`) and branches on it with nested `If`
 * nodes, and declares the audio input with unknown dimensions. onnxruntime then runs the whole
 * network inside subgraphs and recomputes shape arithmetic on every call. With `sr` turned into a
 * constant and the input's shape fixed, its own optimiser inlines the branch and folds the shape
 * nodes, so each call executes far fewer nodes; the weights and the arithmetic are untouched
 * (onnx-specialize.test.ts checks the outputs are identical to the generic graph's).
 *
 * The edit is done on the protobuf wire format directly: only three messages are touched
 * (ModelProto.graph, GraphProto.input, GraphProto.initializer), so a full ONNX schema and a
 * protobuf library would be more code than this.
 */

import {
  concat,
  floatValueInfo,
  GRAPH_INITIALIZER,
  GRAPH_INPUT,
  GRAPH_NODE,
  GRAPH_OUTPUT,
  lenField,
  MODEL_GRAPH,
  modelGraph,
  NODE_INPUT,
  NODE_NAME,
  NODE_OP_TYPE,
  NODE_OUTPUT,
  ONNX_INT64,
  parseMessage,
  readNode,
  readVarint,
  TENSOR_DATA_TYPE,
  TENSOR_INT64_DATA,
  TENSOR_NAME,
  TENSOR_RAW_DATA,
  text,
  valueName,
  varintField,
  ATTRIBUTE_GRAPH,
  ATTRIBUTE_TENSOR,
  type Field,
  type GraphNode,
} from './onnx-wire';

/** The graph's declared input names, in order (for validation and error messages). */
export function sileroGraphInputs(model: Uint8Array): string[] {
  return parseMessage(modelGraph(model))
    .filter((f) => f.field === GRAPH_INPUT)
    .map(valueName);
}

/**
 * The model with `sr` fixed to `sampleRate` (a constant instead of an input, and the branch that
 * tests it inlined), `input` fixed to [1, inputSamples] and `state` to [2, 1, 128] (one stream per
 * model); `state` stays an input, so one graph serves every stream. Throws, naming what is
 * missing, when the graph does not have Silero v5/v6's inputs.
 */
export function specializeSileroModel(
  model: Uint8Array,
  sampleRate: number,
  inputSamples: number,
): Uint8Array {
  const inputs = sileroGraphInputs(model);
  for (const name of ['input', 'state', 'sr']) {
    if (!inputs.includes(name)) {
      throw new Error(
        `not a Silero VAD v5/v6 model: inputs are [${inputs.join(', ')}], expected input, state, sr`,
      );
    }
  }
  const top = parseMessage(model);
  const graph = top.find((f) => f.field === MODEL_GRAPH)?.payload as Uint8Array;
  const graphFields = parseMessage(graph);
  const parts: Uint8Array[] = [];
  const inlined = inlineRateBranch(graphFields, sampleRate);
  for (const f of inlined ?? graphFields.map((g) => g.raw)) {
    const field = parseMessage(f)[0];
    if (field.field === GRAPH_INPUT) {
      const name = valueName(field);
      if (name === 'sr') continue;
      // Fixed shapes let onnxruntime fold the shape arithmetic and the state-size branch.
      if (name === 'input') {
        parts.push(lenField(GRAPH_INPUT, floatValueInfo('input', [1, inputSamples])));
        continue;
      }
      if (name === 'state') {
        parts.push(lenField(GRAPH_INPUT, floatValueInfo('state', [2, 1, 128])));
        continue;
      }
    }
    parts.push(f);
  }
  if (!inlined) {
    // The branches still read `sr`: it becomes a constant instead of an input.
    const srConstant = concat([
      varintField(TENSOR_DATA_TYPE, ONNX_INT64),
      varintField(TENSOR_INT64_DATA, sampleRate),
      lenField(TENSOR_NAME, text('sr')),
    ]);
    parts.push(lenField(GRAPH_INITIALIZER, srConstant));
  }
  const newGraph = concat(parts);
  return concat(top.map((f) => (f.field === MODEL_GRAPH ? lenField(MODEL_GRAPH, newGraph) : f.raw)));
}

/** An int64 scalar from a Constant node's `value` tensor, or null if it is anything else. */
function int64Scalar(attribute: Field[] | undefined): number | null {
  const tensor = attribute?.find((g) => g.field === ATTRIBUTE_TENSOR)?.payload;
  if (!tensor) return null;
  const tf = parseMessage(tensor);
  if (tf.find((g) => g.field === TENSOR_DATA_TYPE)?.value !== ONNX_INT64) return null;
  const raw = tf.find((g) => g.field === TENSOR_RAW_DATA)?.payload;
  if (raw?.length === 8) return Number(new DataView(raw.buffer, raw.byteOffset, 8).getBigInt64(0, true));
  const data = tf.filter((g) => g.field === TENSOR_INT64_DATA);
  if (data.length === 1 && data[0].value !== undefined) return data[0].value;
  if (data.length === 1 && data[0].payload) return readVarint(data[0].payload, 0)[0];
  return null;
}

/**
 * The graph's fields with the `If (sr == constant)` node replaced by the branch `sampleRate`
 * takes: its nodes and initializers move up (ONNX names are unique across scopes) and Identity
 * nodes hand its outputs to the If's. onnxruntime would inline it too, but its inliner then fails
 * on the nested branches once the state shape is fixed. Null when the graph has no such node.
 */
function inlineRateBranch(graphFields: Field[], sampleRate: number): Uint8Array[] | null {
  const nodes = graphFields.filter((f) => f.field === GRAPH_NODE).map(readNode);
  const producer = new Map(nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const branchOn = nodes.find((n) => n.op === 'If' && producer.get(n.inputs[0])?.op === 'Equal');
  if (!branchOn) return null;
  const equal = producer.get(branchOn.inputs[0]) as GraphNode;
  const other =
    equal.inputs[0] === 'sr' ? equal.inputs[1] : equal.inputs[1] === 'sr' ? equal.inputs[0] : null;
  const constant = other === null ? undefined : producer.get(other);
  if (!constant || constant.op !== 'Constant') return null;
  const rate = int64Scalar(constant.attributes.get('value'));
  const removed = new Set([branchOn, equal, constant]);
  const stillUsed = nodes.some(
    (n) => !removed.has(n) && n.inputs.some((i) => i === branchOn.inputs[0] || i === other),
  );
  if (rate === null || stillUsed) return null;
  const branch = branchOn.attributes
    .get(rate === sampleRate ? 'then_branch' : 'else_branch')
    ?.find((g) => g.field === ATTRIBUTE_GRAPH)?.payload;
  if (!branch) return null;
  const bf = parseMessage(branch);
  const branchOutputs = bf.filter((g) => g.field === GRAPH_OUTPUT).map(valueName);
  const spliced = [
    ...bf.filter((g) => g.field === GRAPH_NODE || g.field === GRAPH_INITIALIZER).map((g) => g.raw),
    ...branchOutputs.map((from, i) =>
      lenField(
        GRAPH_NODE,
        concat([
          lenField(NODE_INPUT, text(from)),
          lenField(NODE_OUTPUT, text(branchOn.outputs[i])),
          lenField(NODE_NAME, text(`${branchOn.name}/inlined_output_${i}`)),
          lenField(NODE_OP_TYPE, text('Identity')),
        ]),
      ),
    ),
  ];
  const out: Uint8Array[] = [];
  let n = 0;
  for (const f of graphFields) {
    if (f.field === GRAPH_NODE) {
      const node = nodes[n++];
      if (node === branchOn) out.push(...spliced);
      if (removed.has(node)) continue;
    }
    out.push(f.raw);
  }
  return out;
}
