/**
 * JSON-schema handling for function tools: the tool's parameter schema is checked once when the
 * tool is made (so a typo in a schema is a clear error at definition time, not a silent failure
 * at call time), and the LLM's arguments are validated against it before the tool runs (the
 * port of upstream `prepare_function_arguments`, where pydantic plays the validator's role).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { safeRegExp, UnsafePatternError, compileSafePattern } from './safe-regexp';

/** Thrown when a tool's own parameter schema is not valid JSON Schema. */
export class ToolSchemaError extends Error {
  constructor(
    readonly toolName: string,
    /** Dotted path of the offending field inside `parameters` (empty for the root). */
    readonly field: string,
    detail: string,
    /** The same path as segments (a segment may itself contain dots, e.g. a patternProperties key). */
    readonly fieldPath: readonly string[] = field ? field.split('.') : [],
  ) {
    super(
      `function tool "${toolName}": invalid parameters schema${field ? ` at "${field}"` : ''}: ${detail}`,
    );
    this.name = 'ToolSchemaError';
  }
}

/**
 * Thrown when the LLM's arguments cannot be used: malformed JSON, not an object, or a schema
 * mismatch. Upstream raises ValueError/ValidationError here; both become an error output.
 */
export class ToolArgumentsError extends Error {
  constructor(
    readonly toolName: string,
    detail: string,
  ) {
    super(`invalid arguments for function tool "${toolName}": ${detail}`);
    this.name = 'ToolArgumentsError';
  }
}

/** The schema used when a tool declares no parameters (a function of no arguments). */
export const EMPTY_PARAMETERS: Readonly<Record<string, unknown>> = Object.freeze({
  type: 'object',
  properties: {},
});

// One validator instance for the process: compiled schemas are cached per schema object below.
// `strict: false` because provider schemas carry keywords (e.g. OpenAI's `strict`) Ajv does not
// know; the meta-schema check in `compileToolSchema` still rejects structurally wrong schemas.
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  useDefaults: true,
  validateFormats: false,
  logger: false,
  // Patterns come from untrusted schemas: a linear-time engine, never a backtracking one.
  code: { regExp: safeRegExp },
  // Each tool's schema stands alone: an `$id` must not register it process-wide, where the next
  // schema with the same `$id` (the same tool, compiled again) would be refused as a duplicate.
  addUsedSchema: false,
});

/** Deepest nesting accepted in a parameters schema (Ajv compiles schemas recursively). */
export const MAX_SCHEMA_DEPTH = 64;
/** Keywords whose values are data, not schemas: a `pattern` key inside them is not a regex. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

function checkPattern(toolName: string, pattern: string, path: string[]): void {
  try {
    compileSafePattern(pattern);
  } catch (err) {
    if (!(err instanceof UnsafePatternError)) throw err;
    throw new ToolSchemaError(toolName, path.join('.'), err.message, path);
  }
}

/**
 * Walks the schema without recursion before Ajv sees it: refuses nesting deeper than
 * MAX_SCHEMA_DEPTH and every `pattern` / `patternProperties` key the linear-time engine cannot
 * run, naming the field. Anything that passes compiles without deep recursion or backtracking.
 */
function checkSchemaLimits(toolName: string, parameters: Record<string, unknown>): void {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: parameters, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > MAX_SCHEMA_DEPTH) {
      throw new ToolSchemaError(
        toolName,
        path.join('.'),
        `nested more than ${MAX_SCHEMA_DEPTH} levels deep; flatten the schema`,
        path,
      );
    }
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? Array.from({ length: value.length }, (_, i): [string, unknown] => [String(i), value[i]])
      : Object.entries(value);
    const isSchemaObject = !Array.isArray(value);
    for (const [key, child] of entries) {
      const childPath = [...path, key];
      if (isSchemaObject && key === 'pattern' && typeof child === 'string')
        checkPattern(toolName, child, childPath);
      if (isSchemaObject && key === 'patternProperties' && typeof child === 'object' && child !== null) {
        for (const p of Object.keys(child)) checkPattern(toolName, p, [...childPath, p]);
      }
      if (isSchemaObject && DATA_KEYWORDS.has(key)) continue;
      stack.push({ value: child, path: childPath });
    }
  }
}

const compiled = new WeakMap<object, ValidateFunction>();

function pathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'does not match the schema';
  return errors
    .map((e) => {
      const where = pathOf(e.instancePath);
      return where ? `${where}: ${e.message ?? 'invalid'}` : (e.message ?? 'invalid');
    })
    .join('; ');
}

/**
 * Checks `parameters` against the JSON Schema meta-schema and compiles it. Throws
 * ToolSchemaError naming the tool and the first offending field.
 */
export function compileToolSchema(toolName: string, parameters: Record<string, unknown>): ValidateFunction {
  const cached = compiled.get(parameters);
  if (cached) return cached;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new ToolSchemaError(toolName, '', 'parameters must be a JSON schema object');
  }
  // Function-calling APIs take an object of named arguments; anything else cannot be called.
  if (parameters.type !== 'object') {
    throw new ToolSchemaError(toolName, 'type', `must be "object" (got ${JSON.stringify(parameters.type)})`);
  }
  checkSchemaLimits(toolName, parameters);
  // An async schema's validator returns a promise, which would pass every argument unchecked.
  if (parameters.$async !== undefined)
    throw new ToolSchemaError(toolName, '$async', 'asynchronous schemas are not supported');
  let ok: boolean;
  try {
    ok = ajv.validateSchema(parameters) as boolean;
  } catch (err) {
    // e.g. a `$schema` naming a meta-schema Ajv does not know.
    throw new ToolSchemaError(toolName, '$schema', err instanceof Error ? err.message : String(err));
  }
  if (!ok) {
    const first = ajv.errors?.[0];
    throw new ToolSchemaError(toolName, pathOf(first?.instancePath ?? ''), describeErrors(ajv.errors));
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(parameters);
  } catch (err) {
    // e.g. an unresolvable $ref: the meta-schema cannot see it, compilation does.
    throw new ToolSchemaError(toolName, '', err instanceof Error ? err.message : String(err));
  }
  compiled.set(parameters, validate);
  return validate;
}

function allowsNull(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return true;
  const s = schema as Record<string, unknown>;
  const t = s.type;
  if (t === undefined) {
    const alts = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
    return !Array.isArray(alts) || alts.some(allowsNull);
  }
  return t === 'null' || (Array.isArray(t) && t.includes('null'));
}

/**
 * Parses and validates the LLM's JSON arguments for a tool. As upstream: empty arguments mean
 * `{}`; a `null` given for a non-nullable parameter takes that parameter's default when it has
 * one (strict provider schemas send null for omitted optionals); defaults fill missing fields.
 * Throws ToolArgumentsError, or ToolSchemaError when the tool's schema itself is broken.
 */
export function prepareFunctionArguments(args: {
  toolName: string;
  parameters: Record<string, unknown>;
  jsonArguments: string;
}): Record<string, unknown> {
  const validate = compileToolSchema(args.toolName, args.parameters);
  let parsed: unknown;
  try {
    parsed = JSON.parse(args.jsonArguments.trim() === '' ? '{}' : args.jsonArguments);
  } catch (err) {
    throw new ToolArgumentsError(
      args.toolName,
      `malformed JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ToolArgumentsError(args.toolName, 'arguments must be a JSON object');
  }
  const values = parsed as Record<string, unknown>;
  const props = (args.parameters.properties ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(values)) {
    const prop = props[name];
    if (value !== null || prop === undefined || allowsNull(prop)) continue;
    const p = prop as Record<string, unknown>;
    if ('default' in p) values[name] = structuredClone(p.default);
    else
      throw new ToolArgumentsError(
        args.toolName,
        `${name}: received null for a parameter that cannot be null and has no default`,
      );
  }
  if (!validate(values)) throw new ToolArgumentsError(args.toolName, describeErrors(validate.errors));
  return values;
}
