/**
 * `studio web` opens the browser without putting a secret on a command line: the spawned
 * browser's argv (readable by every local user through /proc) carries a one-time code of its
 * own, never the session secret, and that code signs in once.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-cli-browser-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  // A stand-in xdg-open that records the argv it was started with.
  await writeFile(
    join(dir, 'xdg-open'),
    `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, 'argv.txt')}.tmp" && mv "${join(dir, 'argv.txt')}.tmp" "${join(dir, 'argv.txt')}"\n`,
  );
  await chmod(join(dir, 'xdg-open'), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function untilFile(path: string): Promise<string> {
  for (;;) {
    try {
      return await readFile(path, 'utf8');
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe.skipIf(process.platform !== 'linux')('studio web: opening the browser', () => {
  it('gives the browser a one-time code of its own, never the session secret', async () => {
    // node with the tsx loader, not the tsx CLI: that wraps it in a second node process.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/studio.ts', 'web', '--port', '0', '--renderer-dir', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
      },
    );
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const line = await new Promise<string>((done) =>
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('\n')) done(stdout.split('\n')[0]);
        }),
      );
      const printed = line.slice('Studio: '.length);
      const argv = (await untilFile(join(dir, 'argv.txt'))).trim().split('\n');
      expect(argv).toHaveLength(1);
      const opened = argv[0];
      expect(opened).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]{43}$/);
      expect(opened).not.toBe(printed);

      // The browser's code signs in once and yields the session cookie, whose value is on no argv.
      const signIn = await fetch(opened, { redirect: 'manual' });
      expect(signIn.status).toBe(303);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
      const secret = cookie.split('=')[1];
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(opened).not.toContain(secret);
      expect(printed).not.toContain(secret);
      expect((await fetch(opened, { redirect: 'manual' })).status).toBe(403);
      // The printed code is separate and still good.
      expect((await fetch(printed, { redirect: 'manual' })).status).toBe(303);
    } finally {
      const exited = new Promise((done) => child.on('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
