/**
 * The scenario runner's command line: output, exit codes and reports. The cases run the entry's
 * `main` in this process (output captured, exit code returned); one runs `scenarios.ts` as the
 * real process CI starts, to prove the entry point sets its exit status. Signals against the real
 * process are in signals.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process';
import { main } from './scenarios';

async function cli(args: string[]) {
  const r = await runInProcess(main, args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

/** The CLI as CI runs it: a real process (node + tsx), its output and exit status. */
function cliProcess(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/scenarios.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
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
      const r = cliProcess([dir, '--json', json, '--junit', junit]);
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

  it('--help and -h print the usage with every option on stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^usage: npm run scenarios -- PATH\.\.\./);
      for (const option of ['--json', '--junit', '--max-virtual-ms', '--timeout-ms', '--help'])
        expect(r.out).toContain(option);
    }
  });

  it('usage errors and missing paths exit 2', async () => {
    expect((await cli([])).code).toBe(2);
    const bogus = await cli(['--bogus', dir]);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toMatch(/^unknown option --bogus\nusage: npm run scenarios -- PATH/);
    const r = await cli([join(dir, 'does-not-exist')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('MISSING');
  });
});
