/**
 * Form fields generated from the shared zod config schema, so the editor can never drift from
 * what main validates: a field added to src/shared/config.ts appears here without UI work.
 * Scalars get inputs; a discriminated union (a provider) gets a selector plus the chosen
 * variant's fields; lists, records and optional objects are edited as JSON.
 */

export type FieldKind = 'boolean' | 'number' | 'string' | 'enum' | 'json';

export interface FieldSpec {
  /** Dotted path as main reports it in errors: `options.minEndpointingDelayMs`. */
  path: string;
  segments: readonly string[];
  /** Top-level key the field belongs to (`options`, `agent`, `providers`, …). */
  section: string;
  /** The path below its section, e.g. `llm.model`. */
  label: string;
  kind: FieldKind;
  /** Empty input means null (e.g. "no timeout"). */
  nullable: boolean;
  /** Empty input means "not set" (the key is left out). */
  optional: boolean;
  multiline: boolean;
  integer: boolean;
  min: number | null;
  max: number | null;
  /** Choices of an enum or of a union's discriminator. */
  choices: readonly string[];
  description: string | null;
  /** For a union's discriminator: each variant's defaults, used when the user switches variant. */
  variantDefaults: Readonly<Record<string, unknown>> | null;
}

/** The few parts of a zod 4 schema the walk reads; typed structurally to stay off zod internals' types. */
interface ZodNode {
  _zod: { def: ZodDef };
  description?: string;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  safeParse(value: unknown): { success: boolean; data?: unknown };
}
interface ZodDef {
  type: string;
  innerType?: ZodNode;
  in?: ZodNode;
  shape?: Record<string, ZodNode>;
  options?: ZodNode[];
  discriminator?: string;
  entries?: Record<string, string | number>;
  values?: unknown[];
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);
/** Free text that is routinely longer than a line. */
const MULTILINE = new Set(['instructions']);

interface Unwrapped {
  node: ZodNode;
  nullable: boolean;
  optional: boolean;
  hasDefault: boolean;
  description: string | null;
}

function unwrap(schema: ZodNode): Unwrapped {
  let node = schema;
  let nullable = false;
  let optional = false;
  let hasDefault = false;
  let description: string | null = schema.description ?? null;
  for (;;) {
    const def = node._zod.def;
    if (def.type === 'pipe' && def.in) node = def.in;
    else if (WRAPPERS.has(def.type) && def.innerType) {
      if (def.type === 'nullable') nullable = true;
      if (def.type === 'optional') optional = true;
      if (def.type === 'default' || def.type === 'prefault') hasDefault = true;
      node = def.innerType;
    } else break;
    description ??= node.description ?? null;
  }
  return { node, nullable, optional, hasDefault, description };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function literalValues(node: ZodNode | undefined): string[] {
  if (!node) return [];
  const def = unwrap(node).node._zod.def;
  return (def.values ?? []).map(String);
}

function variantOf(union: ZodNode, disc: string, value: unknown): ZodNode | undefined {
  const options = union._zod.def.options ?? [];
  const current = isObject(value) ? String(value[disc]) : undefined;
  return options.find((o) => literalValues(o._zod.def.shape?.[disc]).includes(current ?? '')) ?? options[0];
}

/** The selector choice that sets a nullable union to null (e.g. turnDetection: no server VAD). */
export const NULL_VARIANT = 'null';

export interface WalkOptions {
  /** Top-level keys edited elsewhere (the input mode belongs to the session controls). */
  exclude?: readonly string[];
}

/** The fields for a config value; which variant's fields appear depends on the value. */
export function fieldsFor(schema: unknown, value: unknown, options: WalkOptions = {}): FieldSpec[] {
  const root = schema as ZodNode;
  const out: FieldSpec[] = [];
  const shape = unwrap(root).node._zod.def.shape ?? {};
  for (const [key, child] of Object.entries(shape)) {
    if (options.exclude?.includes(key)) continue;
    walk(child, [key], isObject(value) ? value[key] : undefined, out);
  }
  return out;
}

function walk(
  schema: ZodNode,
  segments: string[],
  value: unknown,
  out: FieldSpec[],
  inherited?: Unwrapped,
): void {
  const u = unwrap(schema);
  const info: Unwrapped = inherited
    ? {
        ...u,
        optional: u.optional || inherited.optional,
        nullable: u.nullable || inherited.nullable,
        description: u.description ?? inherited.description,
      }
    : u;
  const def = info.node._zod.def;
  const field = (kind: FieldKind, extra: Partial<FieldSpec> = {}) =>
    out.push({ ...baseSpec(segments, info), kind, ...extra });

  switch (def.type) {
    case 'boolean':
      return void field('boolean');
    case 'string':
      return void field('string');
    case 'number':
      return void field('number', {
        integer: info.node.isInt === true,
        min: finite(info.node.minValue),
        max: finite(info.node.maxValue),
      });
    case 'enum':
      return void field('enum', { choices: Object.values(def.entries ?? {}).map(String) });
    case 'object':
      // An optional object has no natural "unset" in a form of inputs; JSON says it plainly.
      if (info.optional && !info.hasDefault) return void field('json');
      for (const [key, child] of Object.entries(def.shape ?? {}))
        walk(child, [...segments, key], isObject(value) ? value[key] : undefined, out);
      return;
    case 'undefined':
      // A key the schema names only to refuse it (a pipeline setting on a realtime model): no input.
      return;
    case 'union': {
      const disc = def.discriminator;
      // A nullable choice (server turn detection on or off) keeps its selector while null.
      const offable = disc !== undefined && info.nullable && value === null;
      if (!isObject(value) && !offable) return void field('json');
      if (disc) {
        const variant = variantOf(info.node, disc, value);
        const variantDefaults: Record<string, unknown> = {};
        for (const o of def.options ?? []) {
          for (const lit of literalValues(o._zod.def.shape?.[disc])) {
            const parsed = o.safeParse({ [disc]: lit });
            variantDefaults[lit] = parsed.success ? parsed.data : { [disc]: lit };
          }
        }
        if (info.nullable) variantDefaults[NULL_VARIANT] = null;
        const choices = Object.keys(variantDefaults);
        out.push({
          ...baseSpec([...segments, disc], info),
          kind: 'enum',
          choices,
          variantDefaults,
          optional: false,
          nullable: false,
        });
        if (!isObject(value)) return;
        for (const [key, child] of Object.entries(variant?._zod.def.shape ?? {})) {
          if (key !== disc) walk(child, [...segments, key], value[key], out);
        }
        return;
      }
      // A plain union (one provider or a fallback list): edit the object form when it is one.
      const objectOption = (def.options ?? []).find((o) =>
        ['object', 'union'].includes(unwrap(o).node._zod.def.type),
      );
      if (objectOption) return walk(objectOption, segments, value, out, info);
      return void field('json');
    }
    default:
      return void field('json');
  }
}

/**
 * zod reports an unbounded number as ±Infinity or null, and an int's implicit bound as the
 * safe-integer limit; neither is a bound a user chose, so the form shows none.
 */
function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : null;
}

function baseSpec(segments: string[], info: Unwrapped): FieldSpec {
  return {
    path: segments.join('.'),
    segments,
    section: segments[0],
    label: segments.slice(1).join('.') || segments[0],
    kind: 'json',
    nullable: info.nullable,
    optional: info.optional,
    multiline: MULTILINE.has(segments[segments.length - 1]),
    integer: false,
    min: null,
    max: null,
    choices: [],
    description: info.description,
    variantDefaults: null,
  };
}
