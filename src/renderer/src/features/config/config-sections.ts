/** How the editor groups generated fields: by top-level config key, in a sensible reading order. */
import type { FieldSpec } from './config-fields';

const TITLES: Record<string, string> = {
  options: 'Session options',
  agent: 'Agent',
  providers: 'Providers',
  caller: 'Simulated caller',
  agents: 'Other agents (handoff targets)',
};

/** Sections open at first sight: the ones tuned all day. */
export const OPEN_SECTIONS = new Set(['options', 'agent']);

export interface Section {
  key: string;
  title: string;
  fields: FieldSpec[];
}

export function groupSections(fields: readonly FieldSpec[]): Section[] {
  const order = Object.keys(TITLES);
  const map = new Map<string, FieldSpec[]>();
  for (const f of fields) map.set(f.section, [...(map.get(f.section) ?? []), f]);
  return [...map.entries()]
    .map(([key, fs]) => ({ key, title: TITLES[key] ?? key, fields: fs }))
    .sort((a, b) => rank(order, a.key) - rank(order, b.key));
}

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  // Keys the editor does not know yet (a new schema field) come last, still editable.
  return i === -1 ? order.length : i;
}
