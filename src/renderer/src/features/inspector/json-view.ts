/**
 * Raw JSON for the inspectors, safe for any input: an event with a 1 MB tool output shows its
 * long strings cut (the page never lays out a megabyte unasked) until the user asks for all of
 * it, and a value JSON cannot express still shows as text instead of breaking the view.
 */
import { ENGINE_EVENT_TYPES } from '../../../../shared/engine-events';
import { formatChars } from './number-format';

/** Characters of one string shown before "show all". */
export const VIEW_TEXT_LIMIT = 2_000;

export interface ClippedText {
  shown: string;
  /** Characters not shown; 0 when the text is whole. */
  hidden: number;
}

export function clipText(text: string, limit = VIEW_TEXT_LIMIT): ClippedText {
  return text.length <= limit
    ? { shown: text, hidden: 0 }
    : { shown: text.slice(0, limit), hidden: text.length - limit };
}

/** The note a cut string ends with in the JSON view. */
export const clipNote = (hidden: number) => `… [${formatChars(hidden)} more — show all]`;

/**
 * A copy of `value` whose strings longer than `limit` are cut (with a note); `clipped` counts
 * them. Depth-limited so a pathological value cannot recurse without end.
 */
export function clipLongStrings(
  value: unknown,
  limit = VIEW_TEXT_LIMIT,
): { value: unknown; clipped: number } {
  let clipped = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') {
      if (v.length <= limit) return v;
      clipped += 1;
      return `${v.slice(0, limit)}${clipNote(v.length - limit)}`;
    }
    if (v === null || typeof v !== 'object' || depth > 64) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, depth + 1);
    return out;
  };
  return { value: walk(value, 0), clipped };
}

/** Pretty JSON, or — for what JSON cannot say (a cycle, a BigInt) — the reason and a plain rendering. */
export function safeJson(value: unknown, indent = 2): { text: string; error: string | null } {
  try {
    const text = JSON.stringify(value, null, indent);
    return { text: text === undefined ? String(value) : text, error: null };
  } catch (err) {
    return { text: String(value), error: err instanceof Error ? err.message : String(err) };
  }
}

/** True for an object with a `type` this studio knows (a newer recording may hold others). */
export function isKnownEvent(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && (ENGINE_EVENT_TYPES as readonly string[]).includes(type);
}
