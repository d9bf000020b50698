import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, SUBCOMMANDS } from './studio';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-cli-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('studio CLI dispatcher', () => {
  it('has web in its table and refuses unknown subcommands with exit 2', async () => {
    expect(Object.keys(SUBCOMMANDS)).toContain('web');
    expect(await main(['bogus'])).toBe(2);
    expect(await main(['web', '--port', 'x'])).toBe(2);
    expect(await main(['web', '--frobnicate'])).toBe(2);
    expect(await main(['web', '--renderer-dir', join(dir, 'missing')])).toBe(1);
  });

  it('web prints exactly one line, serves the page and exits 0 on SIGTERM', async () => {
    // node with the tsx loader, not the tsx CLI: that wraps it in a second node process.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/studio.ts', 'web', '--no-open', '--port', '0', '--renderer-dir', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const firstLine = new Promise<string>((done) =>
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) done(stdout.split('\n')[0]);
      }),
    );
    const line = await firstLine;
    expect(line).toMatch(/^Studio: http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]{43}$/);
    const url = line.slice('Studio: '.length);
    const signIn = await fetch(url, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await fetch(url.split('?')[0], { headers: { cookie } })).status).toBe(200);
    expect((await fetch(url.split('?')[0])).status).toBe(403);
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toBe(`${line}\n`);
  });
});
