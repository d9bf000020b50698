/**
 * The config editor's state as plain data: a base config plus the texts the user typed. From
 * those it derives the candidate config and every error, each attached to the field it is about
 * (`options.minEndpointingDelayMs: Too small…`), using the same shared schema main validates
 * with — so an invalid value is caught at its field and never sent.
 */
import type { z } from 'zod';
import { fieldsFor, NULL_VARIANT, type FieldSpec, type WalkOptions } from './config-fields';

/** Field path → what the user typed; fields without an entry show the base value. */
export type FieldEdits = Readonly<Record<string, string>>;

/**
 * What each variant of a union held when the user switched away from it (union path → variant →
 * its settings, edits included): switching back restores them instead of the variant's defaults.
 */
export type VariantDrafts = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface FormModel<T> {
  fields: FieldSpec[];
  /** The text each field shows. */
  texts: Record<string, string>;
  /** One message per field that has a problem. */
  errors: Record<string, string>;
  /** Problems no field owns (should be rare: an unknown top-level key, say). */
  formErrors: string[];
  /** The validated config with defaults applied, or null while anything is invalid. */
  config: T | null;
  /** The base with the variants picked and the edits that parse: what each field holds now. */
  value: Record<string, unknown>;
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** The text a field shows for a value. */
export function textOf(field: FieldSpec, value: unknown): string {
  // An optional, nullable choice has two empties: unset ('') and an explicit null ('null').
  if (value === null && field.kind === 'enum' && field.optional) return 'null';
  // A nullable union's selector while the union is null: its discriminator has no value.
  if (value === undefined && field.variantDefaults && NULL_VARIANT in field.variantDefaults)
    return NULL_VARIANT;
  if (value === undefined || value === null) return '';
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/** Turns what the user typed into a value; schema rules (ranges, formats) are left to the schema. */
export function parseText(field: FieldSpec, text: string): Parsed {
  const blank = text.trim() === '';
  if (blank && field.kind !== 'string') {
    if (field.optional) return { ok: true, value: undefined };
    if (field.nullable) return { ok: true, value: null };
    return { ok: false, message: field.kind === 'number' ? 'Enter a number' : 'Required' };
  }
  switch (field.kind) {
    case 'string':
      return { ok: true, value: blank && field.optional ? undefined : text };
    case 'boolean':
      if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
      return { ok: false, message: 'Choose true or false' };
    case 'number': {
      const n = Number(text.trim());
      return Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, message: `Not a number: ${text.trim()}` };
    }
    case 'enum':
      if (text === 'null' && field.nullable) return { ok: true, value: null };
      return field.choices.includes(text)
        ? { ok: true, value: text }
        : { ok: false, message: `Choose one of ${field.choices.join(', ')}` };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch (err) {
        return { ok: false, message: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
      }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let v = root;
  for (const s of segments) v = isObject(v) ? v[s] : undefined;
  return v;
}

/** Sets (or, for undefined, removes) a value, creating objects along the way. */
export function setAt(root: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = root;
  for (const s of segments.slice(0, -1)) {
    if (!isObject(node[s])) node[s] = {};
    node = node[s] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Dotted path of a zod issue, in main's style: `agent.tools[0].name`. */
export function issuePath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}

/**
 * The field that owns an error path: the field itself, else its nearest ancestor field (a JSON
 * field owns everything inside it), else the first field below it. Returns the remaining suffix
 * so a JSON field can say which element was wrong.
 */
export function ownerOf(
  fields: readonly FieldSpec[],
  path: string,
): { field: FieldSpec; suffix: string } | null {
  let best: FieldSpec | null = null;
  for (const f of fields) {
    const inside = path === f.path || path.startsWith(`${f.path}.`) || path.startsWith(`${f.path}[`);
    if (inside && (!best || f.path.length > best.path.length)) best = f;
  }
  if (best) return { field: best, suffix: path.slice(best.path.length).replace(/^\./, '') };
  const below = path ? fields.find((f) => f.path.startsWith(`${path}.`)) : undefined;
  return below ? { field: below, suffix: '' } : null;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Fields for a value, after switching any union to the variant the user picked. */
function settleVariants(
  schema: z.ZodType,
  value: Record<string, unknown>,
  edits: FieldEdits,
  options: WalkOptions,
  drafts: VariantDrafts,
): FieldSpec[] {
  const restored = new Set<string>();
  // Each switch can reveal a nested union; configs nest two deep, so a few passes always settle.
  for (let pass = 0; pass < 4; pass++) {
    const fields = fieldsFor(schema, value, options);
    let switched = false;
    for (const f of fields) {
      const picked = edits[f.path];
      if (!f.variantDefaults || picked === undefined || !(picked in f.variantDefaults)) continue;
      const unionPath = f.segments.slice(0, -1).join('.');
      const draft = drafts[unionPath]?.[picked];
      // Back to a variant left earlier: its settings as they were (even when it is the base's own).
      if (draft !== undefined && !restored.has(unionPath)) restored.add(unionPath);
      else if (picked === valueAt(value, f.segments)) continue;
      setAt(value, f.segments.slice(0, -1), clone(draft ?? f.variantDefaults[picked]));
      switched = true;
    }
    if (!switched) return fields;
  }
  return fieldsFor(schema, value, options);
}

export function buildForm<S extends z.ZodType>(
  schema: S,
  base: unknown,
  edits: FieldEdits,
  options: WalkOptions = {},
  drafts: VariantDrafts = {},
): FormModel<z.output<S>> {
  const value = isObject(base) ? clone(base) : {};
  const fields = settleVariants(schema, value, edits, options, drafts);
  const texts: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const edited = edits[f.path];
    texts[f.path] = edited ?? textOf(f, valueAt(value, f.segments));
    if (edited === undefined || f.variantDefaults) continue;
    const parsed = parseText(f, edited);
    if (parsed.ok) setAt(value, f.segments, parsed.value);
    else errors[f.path] = parsed.message;
  }
  const formErrors: string[] = [];
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const segs: PropertyKey[] = [...issue.path];
      if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) segs.push(issue.keys[0]);
      const path = issuePath(segs);
      const owner = ownerOf(fields, path);
      if (!owner) {
        formErrors.push(`${path || '(config)'}: ${issue.message}`);
        continue;
      }
      const message = owner.suffix ? `${owner.suffix}: ${issue.message}` : issue.message;
      // A field that could not even be parsed says that first; the schema saw the old value.
      if (errors[owner.field.path] === undefined) errors[owner.field.path] = message;
      else if (edits[owner.field.path] === undefined || owner.field.kind === 'json')
        errors[owner.field.path] += `; ${message}`;
    }
  }
  const ok = result.success && Object.keys(errors).length === 0;
  return { fields, texts, errors, formErrors, config: ok ? result.data : null, value };
}

/** Records a field's new text; switching a variant forgets the old variant's edits. */
export function editField(edits: FieldEdits, field: FieldSpec, text: string): FieldEdits {
  if (!field.variantDefaults) return { ...edits, [field.path]: text };
  const parent = field.segments.slice(0, -1).join('.');
  const kept = Object.fromEntries(Object.entries(edits).filter(([p]) => !p.startsWith(`${parent}.`)));
  return { ...kept, [field.path]: text };
}

/**
 * Switches a union (a provider) to another variant: what the variant being left holds now (its
 * edits included) is kept in the drafts, so switching back restores it — a provider switched away
 * and back keeps its model, script and latencies.
 */
export function switchVariant(
  form: Pick<FormModel<unknown>, 'value'>,
  edits: FieldEdits,
  drafts: VariantDrafts,
  field: FieldSpec,
  picked: string,
): { edits: FieldEdits; drafts: VariantDrafts } {
  const unionSegments = field.segments.slice(0, -1);
  const unionPath = unionSegments.join('.');
  const current = valueAt(form.value, unionSegments);
  const leaving = valueAt(current, field.segments.slice(-1));
  const next = editField(edits, field, picked);
  if (!isObject(current) || typeof leaving !== 'string' || leaving === picked) return { edits: next, drafts };
  return {
    edits: next,
    drafts: { ...drafts, [unionPath]: { ...drafts[unionPath], [leaving]: clone(current) } },
  };
}

/** Structural equality of JSON-like values, ignoring key order (a form may rebuild objects). */
export function sameConfig(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameConfig(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameConfig(a[k], b[k]));
  }
  return false;
}
