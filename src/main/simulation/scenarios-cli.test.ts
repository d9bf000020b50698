import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The CLI as CI runs it: a real process, its output and exit status. */
function cli(args: string[]) {
  const r = spawnSync('npx', ['tsx', 'src/cli/scenarios.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('scenarios CLI', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scenarios-cli-'));
    await writeFile(
      join(dir, 'broken.scenario.json'),
      JSON.stringify({ name: 'broken', script: [{ llm: { ttftMs: 'fast' } }] }),
    );
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    'an invalid file: prints the file, the JSON path and the expectation, exits 2, writes both reports',
    { timeout: 60_000 },
    async () => {
      const json = join(dir, 'out', 'r.json');
      const junit = join(dir, 'out', 'r.xml');
      const r = cli([dir, '--json', json, '--junit', junit]);
      expect(r.code).toBe(2);
      const lines = r.out.trim().split('\n');
      expect(lines[0]).toMatch(/^INVALID .*broken\.scenario\.json$/);
      expect(lines[1]).toBe('  $.script[0].llm.ttftMs: expected number, received string');
      expect(lines.at(-1)).toBe('0 passed, 1 failed');
      const report = JSON.parse(await readFile(json, 'utf8'));
      expect(report.results[0].status).toBe('invalid');
      expect(await readFile(junit, 'utf8')).toContain('<error type="invalid"');
    },
  );

  it('--help and -h print the usage with every option on stdout and exit 0', { timeout: 90_000 }, () => {
    for (const flag of ['--help', '-h']) {
      const r = cli([flag]);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^usage: npm run scenarios -- PATH\.\.\./);
      for (const option of ['--json', '--junit', '--max-virtual-ms', '--timeout-ms', '--help'])
        expect(r.out).toContain(option);
    }
  });

  it('usage errors and missing paths exit 2', { timeout: 90_000 }, () => {
    expect(cli([]).code).toBe(2);
    expect(cli(['--bogus', dir]).code).toBe(2);
    const r = cli([join(dir, 'does-not-exist')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('MISSING');
  });
});
