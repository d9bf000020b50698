/**
 * The embedded default: what a newcomer sees on the first start, with no keys and no setup. It
 * is a scenario file played live (resources/demo), so the same file is checked headless in CI
 * (`npm run scenarios -- resources/demo`) and cannot silently stop exercising a lane.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_SCENARIO_RELATIVE = join('resources', 'demo', 'demo.scenario.json');

/**
 * Finds the demo scenario from wherever this module runs: src/main/studio under tsx, out/main
 * in the built app (one bundle), or the packaged app's resources directory.
 */
export function findDemoScenario(start = dirname(fileURLToPath(import.meta.url))): string | null {
  const candidates: string[] = [];
  let dir = resolve(start);
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, DEMO_SCENARIO_RELATIVE));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'demo', 'demo.scenario.json'));
  return candidates.find((p) => existsSync(p)) ?? null;
}
