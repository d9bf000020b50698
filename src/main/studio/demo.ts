/**
 * The embedded default: what a newcomer sees on the first start, with no keys and no setup.
 *
 * `demo-config.json` is the studio's default config: a weather agent on the simulated LLM and
 * STT, the real Silero VAD and the local TTS, with a simulated caller (espeak-ng) whose script
 * exercises a tool call, a barge-in and a false interruption. Without a local voice it cannot
 * run, so `demo.scenario.json` (the same conversation, fully scripted, silent) stands in for it;
 * that file is also checked headless in CI (`npm run scenarios -- resources/demo`), so the
 * conversation cannot silently stop exercising a lane.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';

export const DEMO_SCENARIO_RELATIVE = join('resources', 'demo', 'demo.scenario.json');
export const DEMO_CONFIG_RELATIVE = join('resources', 'demo', 'demo-config.json');

/**
 * Finds a file of resources/demo from wherever this module runs: src/main/studio under tsx,
 * out/main/chunks in the built app (code shared by the app and the CLI), or the packaged app's
 * resources directory.
 */
function findDemoFile(relative: string, start: string): string | null {
  const candidates: string[] = [];
  let dir = resolve(start);
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, relative));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'demo', relative.split(/[\\/]/).at(-1)!));
  return candidates.find((p) => existsSync(p)) ?? null;
}

const here = (): string => dirname(fileURLToPath(import.meta.url));

export function findDemoScenario(start = here()): string | null {
  return findDemoFile(DEMO_SCENARIO_RELATIVE, start);
}

export function findDemoConfig(start = here()): string | null {
  return findDemoFile(DEMO_CONFIG_RELATIVE, start);
}

export type DemoConfigLoad = { ok: true; config: StudioConfig; path: string } | { ok: false; reason: string };

/** Reads and validates the demo config; a broken file is reported, never thrown. */
export function loadDemoConfig(path: string | null = findDemoConfig()): DemoConfigLoad {
  if (path === null)
    return { ok: false, reason: `${DEMO_CONFIG_RELATIVE} is missing from this installation` };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { ok: false, reason: `${path}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = StudioConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `${path}: ${formatIssues(parsed.error).join('; ')}` };
  return { ok: true, config: parsed.data, path };
}

/**
 * True when a config still runs the demo's caller: only then may a start that cannot build the
 * caller's voice fall back to the scripted demo (a caller of the user's own fails clearly).
 */
export function isDemoCaller(config: StudioConfig, demo: StudioConfig | null): boolean {
  return demo !== null && JSON.stringify(config.caller) === JSON.stringify(demo.caller);
}
