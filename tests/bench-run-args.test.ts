// Why: `npm run bench` (bench/run.mjs) refuses bad flags with its usage before it measures
// anything, and its usage names the VAD section's flags. These run the script only up to that
// refusal (or --help), so they time nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RUN = path.resolve(__dirname, '..', 'bench', 'run.mjs');
const bench = (...args: string[]) => spawnSync(process.execPath, [RUN, ...args], { encoding: 'utf8' });

describe('bench/run.mjs arguments', () => {
  it('--help shows the VAD flags: --skip-vad and --vad-runs (the same-run native comparison)', () => {
    const r = bench('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--skip-vad');
    expect(r.stdout).toContain('--vad-runs');
    expect(r.stdout).toContain('bench/vad-native.mjs');
  });

  it('refuses an unknown flag with exit 2 and the usage', () => {
    const r = bench('--skip-vadd');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown argument --skip-vadd');
    expect(r.stderr).toContain('--skip-vad |');
  });

  it.each([['0'], ['1.5'], ['x']])('refuses --vad-runs %s with exit 2, naming the flag', (n) => {
    const r = bench('--skip-engine', '--vad-runs', n);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--vad-runs needs a whole number >= 1, got ${n}`);
  });

  it('refuses --vad-runs without a number', () => {
    const r = bench('--vad-runs');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--vad-runs needs a whole number >= 1, got nothing');
  });
});
