/**
 * What `npm start` and `npm run web` do, as data, so a test can check it without building:
 * the desktop app when the Electron binary is installed, web mode otherwise (or when asked for).
 * In web mode stdout carries one line, the studio URL: the build's output goes to stderr.
 * Web mode runs the studio CLI the build just made (plain node, no TypeScript loader), the same
 * file the e2e suite starts.
 */

/** The studio CLI as `electron-vite build` writes it (the `studio` input of the main build). */
export const STUDIO_CLI = 'out/main/studio.js';

/** Said when the binary is missing: what happened and what to do, not "delete node_modules". */
export const ELECTRON_MISSING =
  'The Electron binary could not be downloaded here (npm install skips it: package.json sets ' +
  'allowScripts.electron = false). To get the desktop window, on a machine with internet run ' +
  '`node node_modules/electron/install.js` with ELECTRON_SKIP_BINARY_DOWNLOAD unset, check it with ' +
  '`npx electron --version`, then `npm start` again. Meanwhile the same studio runs in web mode.';

/**
 * @param {string[]} argv the arguments after `start.mjs`; a leading `--web` asks for web mode
 * @param {boolean} hasElectron whether the Electron binary is installed
 * @returns {{ notice: string | null, steps: { bin: 'electron-vite' | 'node', args: string[], stdout: 'inherit' | 'stderr' }[] }}
 */
export function planStart(argv, hasElectron) {
  const web = argv[0] === '--web';
  const rest = web ? argv.slice(1) : argv;
  if (!web && hasElectron) {
    return { notice: null, steps: [{ bin: 'electron-vite', args: ['preview'], stdout: 'inherit' }] };
  }
  return {
    notice: web ? null : `${ELECTRON_MISSING} Serving web mode now.`,
    steps: [
      { bin: 'electron-vite', args: ['build', '--logLevel', 'warn'], stdout: 'stderr' },
      { bin: 'node', args: [STUDIO_CLI, 'web', ...rest], stdout: 'inherit' },
    ],
  };
}
