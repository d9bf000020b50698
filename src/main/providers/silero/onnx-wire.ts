/**
 * Just enough of the protobuf wire format to read and write ONNX models (onnx-specialize.ts edits
 * the published Silero graph, silero-graph.ts writes a compact one). Only the messages and fields
 * those two touch are named here; a full ONNX schema and a protobuf library would be more code.
 */

// Field numbers from onnx.proto.
export const MODEL_IR_VERSION = 1;
export const MODEL_PRODUCER_NAME = 2;
export const MODEL_GRAPH = 7;
export const MODEL_OPSET_IMPORT = 8;
export const OPSET_DOMAIN = 1;
export const OPSET_VERSION = 2;
export const GRAPH_NODE = 1;
export const GRAPH_NAME = 2;
export const GRAPH_INITIALIZER = 5;
export const GRAPH_INPUT = 11;
export const GRAPH_OUTPUT = 12;
export const NODE_INPUT = 1;
export const NODE_OUTPUT = 2;
export const NODE_NAME = 3;
export const NODE_OP_TYPE = 4;
export const NODE_ATTRIBUTE = 5;
export const ATTRIBUTE_NAME = 1;
export const ATTRIBUTE_INT = 3;
export const ATTRIBUTE_TENSOR = 5;
export const ATTRIBUTE_GRAPH = 6;
export const ATTRIBUTE_INTS = 8;
export const ATTRIBUTE_TYPE = 20;
export const ATTRIBUTE_TYPE_INT = 2;
export const ATTRIBUTE_TYPE_INTS = 7;
export const VALUE_INFO_NAME = 1;
export const VALUE_INFO_TYPE = 2;
export const TYPE_TENSOR = 1;
export const TENSOR_TYPE_ELEM = 1;
export const TENSOR_TYPE_SHAPE = 2;
export const SHAPE_DIM = 1;
export const DIM_VALUE = 1;
export const TENSOR_DIMS = 1;
export const TENSOR_DATA_TYPE = 2;
export const TENSOR_INT64_DATA = 7;
export const TENSOR_NAME = 8;
export const TENSOR_RAW_DATA = 9;
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

export interface Field {
  field: number;
  /** The whole field, key included, as found in the message. */
  raw: Uint8Array;
  /** The payload of a length-delimited field. */
  payload?: Uint8Array;
  /** The value of a varint field. */
  value?: number;
}

export function readVarint(buf: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let p = at; p < buf.length && p < at + 10; p++) {
    value += (buf[p] & 0x7f) * scale;
    scale *= 128;
    if ((buf[p] & 0x80) === 0) return [value, p + 1];
  }
  throw new Error(`Silero model: truncated varint at byte ${at}`);
}

export function parseMessage(buf: Uint8Array): Field[] {
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

/** Varint bytes; negative values (int64 dims such as -1) take the ten-byte two's complement form. */
function varint(value: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(value));
  while (v >= 128n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const varintField = (field: number, value: number) =>
  Uint8Array.from([...varint(field * 8 + WIRE_VARINT), ...varint(value)]);
export const lenField = (field: number, payload: Uint8Array) =>
  concat([Uint8Array.from([...varint(field * 8 + WIRE_LEN), ...varint(payload.length)]), payload]);
export const text = (s: string) => new TextEncoder().encode(s);
export const decode = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : '');

/** ValueInfoProto for a float tensor with fixed dimensions. */
export function floatValueInfo(name: string, dims: readonly number[]): Uint8Array {
  const shape = concat(dims.map((d) => lenField(SHAPE_DIM, varintField(DIM_VALUE, d))));
  const tensorType = concat([varintField(TENSOR_TYPE_ELEM, ONNX_FLOAT), lenField(TENSOR_TYPE_SHAPE, shape)]);
  return concat([
    lenField(VALUE_INFO_NAME, text(name)),
    lenField(VALUE_INFO_TYPE, lenField(TYPE_TENSOR, tensorType)),
  ]);
}

export function valueName(f: Field): string {
  const name = f.payload && parseMessage(f.payload).find((g) => g.field === VALUE_INFO_NAME)?.payload;
  return name ? new TextDecoder().decode(name) : '';
}

export interface GraphNode {
  raw: Uint8Array;
  name: string;
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, Field[]>;
}

export function readNode(f: Field): GraphNode {
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

/** The graph message of a model, or a clear error for bytes that are not an ONNX model. */
export function modelGraph(model: Uint8Array): Uint8Array {
  const graph = parseMessage(model).find((f) => f.field === MODEL_GRAPH)?.payload;
  if (!graph) throw new Error('Silero model: the file has no ONNX graph (is it an .onnx model?)');
  return graph;
}
