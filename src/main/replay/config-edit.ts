/**
 * The config a re-run runs: the recorded one (or a replacement file), with `name=value` edits
 * (`options.minEndpointingDelayMs=900`, `agent.instructions="Be terse."`). Every edit and the
 * result are validated with the studio's schema, so a re-run whose config cannot be built fails
 * before it starts, naming the field.
 */
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import { checkConfigTools } from '../agents-config';

export class RerunConfigError extends Error {
  override name = 'RerunConfigError';
  constructor(
    message: string,
    /** The config field at fault, e.g. `options.minEndpointingDelayMs`. */
    readonly field: string,
  ) {
    super(message);
  }
}

const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$|^\d+$/;

/** A value as typed on a command line: JSON when it parses (900, true, null, "x", [..]), else the text. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Applies one `path=value` edit to a copy of `config` (plain JSON). */
export function applySet(config: unknown, edit: string): unknown {
  const eq = edit.indexOf('=');
  if (eq <= 0)
    throw new RerunConfigError(
      `--set ${edit}: expected name=value, e.g. options.minEndpointingDelayMs=900`,
      edit,
    );
  const path = edit.slice(0, eq).trim();
  const segments = path.split('.');
  if (segments.some((s) => !SEGMENT.test(s) || s === '__proto__' || s === 'constructor' || s === 'prototype'))
    throw new RerunConfigError(
      `--set ${path}: expected a dotted config path such as options.minEndpointingDelayMs`,
      path,
    );
  const root = structuredClone(config) as Record<string, unknown>;
  let node: Record<string, unknown> = root;
  for (const [i, seg] of segments.slice(0, -1).entries()) {
    const next = node[seg];
    if (next === undefined) node[seg] = {};
    else if (next === null || typeof next !== 'object')
      throw new RerunConfigError(
        `--set ${path}: ${segments.slice(0, i + 1).join('.')} is not an object`,
        path,
      );
    node = node[seg] as Record<string, unknown>;
  }
  node[segments.at(-1)!] = parseValue(edit.slice(eq + 1));
  return root;
}

/** The validated config: `base` with every edit applied, tool schemas checked. */
export function editedConfig(base: unknown, edits: readonly string[] = []): StudioConfig {
  let raw = base;
  for (const e of edits) raw = applySet(raw, e);
  const parsed = StudioConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const first = formatIssues(parsed.error)[0] ?? 'invalid config';
    const field = first.slice(0, first.indexOf(':'));
    throw new RerunConfigError(
      `the re-run's config is not valid: ${formatIssues(parsed.error).join('; ')}`,
      field,
    );
  }
  const tool = checkConfigTools(parsed.data)[0];
  if (tool) throw new RerunConfigError(`${tool.field}: ${tool.message}`, tool.field);
  return parsed.data;
}

/** The recorded config, as the recording's manifest holds it (redacted, untrusted). */
export function recordedConfig(manifestConfig: unknown, recording: string): StudioConfig {
  const parsed = StudioConfigSchema.safeParse(manifestConfig ?? {});
  if (!parsed.success)
    throw new RerunConfigError(
      `recording ${recording}: its config is not valid for this studio: ${formatIssues(parsed.error, 'config').join('; ')}`,
      'config',
    );
  return parsed.data;
}
