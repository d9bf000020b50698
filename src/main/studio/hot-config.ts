/**
 * Which config changes a running session can take hot. The engine offers hot updates for the
 * session options (updateOptions) and for an agent's instructions and tools (updateInstructions,
 * updateTools), each drawn on the timeline as `config_updated`; everything else (providers, the
 * input mode, the scenario, the hooks, the overrides an agent was built with) is fixed when the
 * session starts, and the editor is told so instead of being silently ignored.
 */
import type { StudioConfig } from '../../shared/config';

export type HotChange =
  | { kind: 'options'; path: string; key: keyof StudioConfig['options'] }
  | { kind: 'instructions'; path: string; agent: string | null }
  | { kind: 'tools'; path: string; agent: string | null };

export interface UpdatePlan {
  hot: HotChange[];
  requiresRestart: string[];
}

/** Sorts changed config paths (from changedPaths) into hot changes and restart-only ones. */
export function planConfigUpdate(changed: readonly string[]): UpdatePlan {
  const hot: HotChange[] = [];
  const requiresRestart: string[] = [];
  for (const path of changed) {
    const change = classify(path);
    if (change) hot.push(change);
    else requiresRestart.push(path);
  }
  return { hot, requiresRestart };
}

function classify(path: string): HotChange | null {
  const option = /^options\.([A-Za-z]+)$/.exec(path);
  if (option) return { kind: 'options', path, key: option[1] as keyof StudioConfig['options'] };
  // `agent` is the starting agent (null); `agents.NAME` the others. Names may hold dots, so the
  // field is matched from the end.
  const agentField = /^(?:agent|agents\.(.+))\.(instructions|tools)$/.exec(path);
  if (agentField) {
    const agent = agentField[1] ?? null;
    return agentField[2] === 'instructions'
      ? { kind: 'instructions', path, agent }
      : { kind: 'tools', path, agent };
  }
  return null;
}

/** The option values a plan changes, as one patch for session.updateOptions. */
export function optionsPatch(plan: UpdatePlan, next: StudioConfig): Partial<StudioConfig['options']> {
  const patch: Record<string, unknown> = {};
  for (const c of plan.hot) if (c.kind === 'options') patch[c.key] = next.options[c.key];
  return patch;
}

/** Dotted paths of the leaves that differ, so the UI can say exactly what a save changed. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (Object.is(before, after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  // Arrays (tools, responses) are compared whole: an index path would not survive a reorder.
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [prefix || '(root)'];
}
