/**
 * The studio's own folder, found from wherever a CLI module runs: src/cli/… under tsx, or
 * out/main/ and out/main/chunks/ when built (a bundler moves a module into whichever chunk it
 * likes, so a fixed number of `..` from import.meta.url is right in one place only). The folder
 * is the nearest one above that holds the studio's package.json; another package's (a
 * dependency's, say) is passed by.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const APP_PACKAGE_NAME = 'voice-agent-studio';

interface PackageJson {
  name?: unknown;
  version?: unknown;
}

function readPackage(dir: string): PackageJson | null {
  const path = join(dir, 'package.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
  } catch {
    return null;
  }
}

/** The nearest folder at or above `start` whose package.json names the studio; null if none. */
export function findAppRoot(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (readPackage(dir)?.name === APP_PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The studio's version from its package.json above `start`, or 'unknown' when there is none. */
export function appVersionFrom(start: string): string {
  const root = findAppRoot(start);
  const version = root === null ? undefined : readPackage(root)?.version;
  return typeof version === 'string' ? version : 'unknown';
}
