/**
 * `npm start` and `npm run web` (scripts/start.mjs) as a plan: which steps run, and where their
 * stdout goes. Web mode's stdout must carry only the studio URL, so the build writes to stderr.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { ELECTRON_MISSING, planStart, STUDIO_CLI } from '../scripts/start-plan.mjs';
import config from '../electron.vite.config';

interface Step {
  bin: string;
  args: string[];
  stdout: 'inherit' | 'stderr';
}
const plan = planStart as (argv: string[], hasElectron: boolean) => { notice: string | null; steps: Step[] };

describe('start plan', () => {
  it('npm run web runs start.mjs --web', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.web).toBe('node scripts/start.mjs --web');
  });

  it('web mode: the build writes to stderr, then only the studio writes to stdout, with the args after --', () => {
    for (const hasElectron of [true, false]) {
      const { notice, steps } = plan(['--web', '--no-open', '--port', '5175'], hasElectron);
      expect(notice).toBeNull();
      expect(steps).toEqual([
        { bin: 'electron-vite', args: ['build', '--logLevel', 'warn'], stdout: 'stderr' },
        {
          bin: 'node',
          args: ['out/main/studio.js', 'web', '--no-open', '--port', '5175'],
          stdout: 'inherit',
        },
      ]);
    }
  });

  it('npm start with the binary opens the desktop app', () => {
    expect(plan([], true)).toEqual({
      notice: null,
      steps: [{ bin: 'electron-vite', args: ['preview'], stdout: 'inherit' }],
    });
  });

  it('npm start without the binary says what to do and serves web mode with stdout kept for the URL', () => {
    const { notice, steps } = plan(['--no-open'], false);
    expect(notice).toContain('could not be downloaded here');
    expect(notice).toContain('node node_modules/electron/install.js');
    expect(notice).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD unset');
    expect(notice).toContain('npx electron --version');
    expect(notice).toContain('web mode');
    expect(notice).not.toMatch(/delete/i);
    expect(steps.map((s) => [s.bin, s.stdout])).toEqual([
      ['electron-vite', 'stderr'],
      ['node', 'inherit'],
    ]);
    expect(steps[1].args).toEqual(['out/main/studio.js', 'web', '--no-open']);
    expect(ELECTRON_MISSING).toBe(notice?.replace(' Serving web mode now.', ''));
  });

  it('runs the CLI the build writes: out/main/studio.js is the studio input of the main build', () => {
    expect(STUDIO_CLI).toBe('out/main/studio.js');
    const input = (config as { main: { build: { rollupOptions: { input: Record<string, string> } } } }).main
      .build.rollupOptions.input;
    expect(input.studio).toMatch(/[\\/]src[\\/]cli[\\/]studio\.ts$/);
    // rerun.ts (in the studio chunk) starts its worker threads from rerun-worker.js beside it.
    expect(input['rerun-worker']).toMatch(/[\\/]src[\\/]cli[\\/]commands[\\/]rerun-worker\.ts$/);
  });
});
