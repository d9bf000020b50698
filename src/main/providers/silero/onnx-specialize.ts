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

// Field numbers from onnx.proto (ModelProto, GraphProto, ValueInfoProto, TypeProto, TensorProto).
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_NAME = 3;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_NAME = 1;
const ATTRIBUTE_TENSOR = 5;
const ATTRIBUTE_GRAPH = 6;
const VALUE_INFO_NAME = 1;
const VALUE_INFO_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_TYPE_ELEM = 1;
const TENSOR_TYPE_SHAPE = 2;
const SHAPE_DIM = 1;
const DIM_VALUE = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_INT64_DATA = 7;
const TENSOR_NAME = 8;
const TENSOR_RAW_DATA = 9;
const ONNX_FLOAT = 1;
const ONNX_INT64 = 7;

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

interface Field {
  field: number;
  /** The whole field, key included, as found in the message. */
  raw: Uint8Array;
  /** The payload of a length-delimited field. */
  payload?: Uint8Array;
  /** The value of a varint field. */
  value?: number;
}

function readVarint(buf: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let p = at; p < buf.length && p < at + 10; p++) {
    value += (buf[p] & 0x7f) * scale;
    scale *= 128;
    if ((buf[p] & 0x80) === 0) return [value, p + 1];
  }
  throw new Error(`Silero model: truncated varint at byte ${at}`);
}

function parseMessage(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let p = 0;
  while (p < buf.length) {
    const start = p;
    const [key, afterKey] = readVarint(buf, p);
    const wire = key % 8;
    p = afterKey;
    let payload: Uint8Array | undefined;
    let value: number | undefined;
    if (wire === WIRE_VARINT) [value, p] = readVarint(buf, p);
    else if (wire === WIRE_I64) p += 8;
    else if (wire === WIRE_I32) p += 4;
    else if (wire === WIRE_LEN) {
      const [len, afterLen] = readVarint(buf, p);
      payload = buf.subarray(afterLen, afterLen + len);
      p = afterLen + len;
    } else throw new Error(`Silero model: unsupported protobuf wire type ${wire} at byte ${start}`);
    if (p > buf.length) throw new Error(`Silero model: field at byte ${start} runs past the end of the file`);
    fields.push({ field: Math.floor(key / 8), raw: buf.subarray(start, p), payload, value });
  }
  return fields;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const varintField = (field: number, value: number) =>
  Uint8Array.from([...varint(field * 8 + WIRE_VARINT), ...varint(value)]);
const lenField = (field: number, payload: Uint8Array) =>
  concat([Uint8Array.from([...varint(field * 8 + WIRE_LEN), ...varint(payload.length)]), payload]);
const text = (s: string) => new TextEncoder().encode(s);

/** ValueInfoProto for a float tensor with fixed dimensions. */
function floatInput(name: string, dims: readonly number[]): Uint8Array {
  const shape = concat(dims.map((d) => lenField(SHAPE_DIM, varintField(DIM_VALUE, d))));
  const tensorType = concat([varintField(TENSOR_TYPE_ELEM, ONNX_FLOAT), lenField(TENSOR_TYPE_SHAPE, shape)]);
  return concat([
    lenField(VALUE_INFO_NAME, text(name)),
    lenField(VALUE_INFO_TYPE, lenField(TYPE_TENSOR, tensorType)),
  ]);
}

/** The graph's declared input names, in order (for validation and error messages). */
export function sileroGraphInputs(model: Uint8Array): string[] {
  const graph = parseMessage(model).find((f) => f.field === MODEL_GRAPH)?.payload;
  if (!graph) throw new Error('Silero model: the file has no ONNX graph (is it an .onnx model?)');
  return parseMessage(graph)
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
        parts.push(lenField(GRAPH_INPUT, floatInput('input', [1, inputSamples])));
        continue;
      }
      if (name === 'state') {
        parts.push(lenField(GRAPH_INPUT, floatInput('state', [2, 1, 128])));
        continue;
      }
    }
    parts.push(f);
  }
  if (!inlined) {
    // The branches still read `sr`: it becomes a constant instead of an input.
    const srConstant = concat([
      varintField(TENSOR_DATA_TYPE, ONNX_INT64),
      lenField(TENSOR_INT64_DATA, Uint8Array.from(varint(sampleRate))),
      lenField(TENSOR_NAME, text('sr')),
    ]);
    parts.push(lenField(GRAPH_INITIALIZER, srConstant));
  }
  const newGraph = concat(parts);
  return concat(top.map((f) => (f.field === MODEL_GRAPH ? lenField(MODEL_GRAPH, newGraph) : f.raw)));
}

function valueName(f: Field): string {
  const name = f.payload && parseMessage(f.payload).find((g) => g.field === VALUE_INFO_NAME)?.payload;
  return name ? new TextDecoder().decode(name) : '';
}

const decode = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : '');

interface GraphNode {
  raw: Uint8Array;
  name: string;
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, Field[]>;
}

function readNode(f: Field): GraphNode {
  const fields = parseMessage(f.payload as Uint8Array);
  const attributes = new Map<string, Field[]>();
  for (const a of fields.filter((g) => g.field === NODE_ATTRIBUTE)) {
    const af = parseMessage(a.payload as Uint8Array);
    attributes.set(decode(af.find((g) => g.field === ATTRIBUTE_NAME)?.payload), af);
  }
  return {
    raw: f.raw,
    name: decode(fields.find((g) => g.field === NODE_NAME)?.payload),
    op: decode(fields.find((g) => g.field === NODE_OP_TYPE)?.payload),
    inputs: fields.filter((g) => g.field === NODE_INPUT).map((g) => decode(g.payload)),
    outputs: fields.filter((g) => g.field === NODE_OUTPUT).map((g) => decode(g.payload)),
    attributes,
  };
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
