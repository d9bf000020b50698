// Why: the bench must time our engine as the app ships it. Loading src/main/engine/index.ts with
// tsx transpiles it with esbuild's `keepNames`, so every named closure the engine creates also
// calls a `__name` helper (7-17 % of our CPU per turn, issue 13.2) — code the app never runs:
// electron-vite bundles the main process (vite 8 / rolldown: ESM, no keepNames, no minify,
// target node24.14 for Electron 41, `dependencies` and node builtins external, devDependencies
// bundled; out/main/index.js has no `__name`). This builds the engine the same way with esbuild's
// JS API, once per bench invocation; the adapter imports the result.
//
// The bundle is written under bench-results/ (git-ignored) inside the repo, not an OS tmp dir:
// its bare imports (ajv, zod, re2js) must resolve from the repo's node_modules.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The env var that hands the built bundle's path from engine-bench.mjs to the driver's children. */
export const BUNDLE_ENV = 'STUDIO_ENGINE_BUNDLE';
/** electron-vite's main-build target for the Electron major in package.json (its node map). */
export const APP_MAIN_TARGET = 'node24.14';
const APP_ELECTRON_MAJOR = 41;

/** electron-vite derives the main target from Electron's version: a different major needs a new target here. */
function checkTarget() {
  const major = Number(
    JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version.split(
      '.',
    )[0],
  );
  if (major !== APP_ELECTRON_MAJOR)
    throw new Error(
      `studio engine bundle: APP_MAIN_TARGET ${APP_MAIN_TARGET} is electron-vite's target for Electron ${APP_ELECTRON_MAJOR}, ` +
        `but Electron ${major} is installed: set it to electron-vite's node target for Electron ${major}`,
    );
}

/** electron-vite's main build: npm `dependencies` (and their subpaths) and node builtins external. */
function appExternals() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const deps = Object.keys(pkg.dependencies ?? {});
  return [
    'electron',
    ...deps.flatMap((d) => [d, `${d}/*`]),
    ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  ];
}

/**
 * Bundles src/main/engine/index.ts into `outFile` (ESM) with the app's main-build settings and
 * returns its absolute path. A failed build throws esbuild's error (its messages name file and
 * line): the bench must stop, never fall back to the tsx-transpiled engine.
 */
export async function buildStudioEngine(outFile) {
  const out = path.resolve(outFile);
  if (!out.startsWith(ROOT + path.sep))
    throw new Error(
      `studio engine bundle must live inside ${ROOT} (bare imports resolve from its node_modules), got ${out}`,
    );
  checkTarget();
  await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'src/main/engine/index.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: APP_MAIN_TARGET,
    tsconfig: path.join(ROOT, 'tsconfig.node.json'),
    keepNames: false,
    minify: false,
    sourcemap: false,
    external: appExternals(),
    logLevel: 'silent',
  });
  return out;
}
