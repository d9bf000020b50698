/**
 * `npm run package:fuses -- PATH`: flips Electron's fuses on a packaged studio's Electron binary
 * (the executable, or the `.app` bundle on macOS). Fuses are switches compiled into the binary
 * that only a rewrite of the file can change, so a packaged studio cannot be turned into a
 * general Node runtime or be made to run code outside its app.asar by an environment variable
 * or a command-line flag. No packager is configured in this repository yet: run this on the
 * output of whichever one you use (electron-builder's afterPack, Forge's FusesPlugin and
 * @electron/packager's afterCopy hooks all hand over the same path), before code signing.
 *
 * It refuses the development Electron in node_modules: `npm start` loads the app from a folder,
 * not an asar, and OnlyLoadAppFromAsar would stop it.
 */
import {
  flipFuses,
  FuseV1Options,
  FuseVersion,
  getCurrentFuseWire,
  type FuseV1Config,
} from '@electron/fuses';
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The studio's fuses for packaged builds; every fuse this @electron/fuses version knows is set. */
export const STUDIO_FUSES = {
  version: FuseVersion.V1,
  // Not strict: newer Electrons add fuses this @electron/fuses (the last one for Node 20) does not
  // name (WasmTrapHandlers); they keep Electron's default and the read-back lists them by number.
  strictlyRequireAllFuses: false,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node runtime.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (web storage of the renderer) encrypted at rest with the OS key store.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could preload any script into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect would open a debugger port on main, which holds the keys.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash the packager embeds (macOS, Windows); a packager that
  // does not embed it makes the app refuse to start, which is the safe failure.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only the app.asar next to the binary is loaded: no app folder dropped beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The studio does not use a browser-process V8 snapshot.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from app://studio, so file:// needs none of its old extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} satisfies FuseV1Config;

const STATE_NAMES: Record<number, string> = { 48: 'off', 49: 'on', 114: 'removed', 144: 'inherit' };

/** Why this path must not be flipped, or null. */
export function fuseTargetProblem(path: string): string | null {
  const full = resolve(path);
  if (`${full}${sep}`.includes(`${sep}node_modules${sep}electron${sep}`)) {
    return `${full} is the development Electron in node_modules: flipping its fuses (OnlyLoadAppFromAsar) would stop \`npm start\`; pass the binary of a packaged build`;
  }
  if (!existsSync(full))
    return `${full} does not exist; pass the Electron executable (or .app) of a packaged build`;
  return null;
}

/** Flips the studio's fuses and returns the wire as read back from the binary, fuse by fuse. */
export async function applyStudioFuses(path: string): Promise<Record<string, string>> {
  const problem = fuseTargetProblem(path);
  if (problem) throw new Error(problem);
  await flipFuses(resolve(path), STUDIO_FUSES);
  return describeWire(await getCurrentFuseWire(resolve(path)));
}

function describeWire(wire: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (key === 'version') continue;
    const name = FuseV1Options[Number(key)] ?? `fuse ${key} (not set by the studio)`;
    out[name] = STATE_NAMES[value as number] ?? String(value);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const paths = argv.filter((a) => a !== '--');
  if (paths.length !== 1 || paths[0].startsWith('-')) {
    process.stderr.write('usage: npm run package:fuses -- PATH_TO_PACKAGED_ELECTRON_BINARY_OR_APP\n');
    return 2;
  }
  try {
    const wire = await applyStudioFuses(paths[0]);
    for (const [name, state] of Object.entries(wire)) process.stdout.write(`${name}: ${state}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`package:fuses: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`package:fuses: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
