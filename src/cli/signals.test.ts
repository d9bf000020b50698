/**
 * Signals against real processes. The served-studio fixture (tests/fixtures/shutdown) is web mode
 * with a running session that has a stdio MCP child which ignores its client hanging up, so only
 * a real stop ends it; `studio web` and the scenario runner are spawned as users run them.
 * Nothing here measures time: the waits are hang guards only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processExists, REPO_ROOT } from '../main/providers/testing/mcp-test-servers';
import { testDir } from '../../tests/fixtures/temp-dirs';

const FIXTURE = resolve(REPO_ROOT, 'tests/fixtures/shutdown/served-studio.ts');
/** Hang guard only: starting node + tsx + an MCP child on a loaded 2-core machine. */
const GUARD_MS = 60_000;

interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `pattern` has appeared on the stream. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void>;
}

const strays: number[] = [];
afterEach(() => {
  // A failed test must not leave a stubborn MCP child behind.
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function start(args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const text = { stdout: '', stderr: '' };
  const waiters: Array<{ stream: 'stdout' | 'stderr'; pattern: RegExp; done: () => void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.pattern.test(text[w.stream])) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done();
      }
    }
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    proc[stream].setEncoding('utf8');
    proc[stream].on('data', (chunk: string) => {
      text[stream] += chunk;
      check();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    proc.on('exit', (code, signal) => done({ code, signal })),
  );
  const child: Child = {
    proc,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    exited,
    waitFor: (stream, pattern) =>
      guard(
        new Promise<void>((done) => {
          waiters.push({ stream, pattern, done });
          check();
        }),
        `${pattern} on ${stream}`,
        child,
      ),
  };
  return child;
}

async function guard<T>(p: Promise<T>, what: string, child: Child): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.proc.kill('SIGKILL');
      reject(new Error(`hang guard: ${what}\nstdout:\n${child.stdout()}\nstderr:\n${child.stderr()}`));
    }, GUARD_MS);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the fixture and waits until its session runs and its MCP child has written its pid. */
async function servedStudio(env: Record<string, string> = {}) {
  const dir = testDir('studio-signals-');
  const pidFile = join(dir, 'mcp.pid');
  const child = start([FIXTURE], { FIXTURE_DIR: dir, FIXTURE_MCP_PID_FILE: pidFile, ...env });
  await child.waitFor('stdout', /\{"sessionId":"[^"]+"\}\n/);
  const { sessionId } = JSON.parse(child.stdout().trim()) as { sessionId: string };
  const mcpPid = Number(readFileSync(pidFile, 'utf8'));
  strays.push(mcpPid);
  expect(processExists(mcpPid)).toBe(true);
  return { child, dir, sessionId, mcpPid };
}

/** The session's v2 recording folder (`<start>-<sessionId>`) in the fixture's recordings dir. */
function recordingOf(dir: string, sessionId: string): string {
  const root = join(dir, 'recordings');
  const name = readdirSync(root).find((n) => n.endsWith(`-${sessionId}`));
  if (!name) throw new Error(`no recording folder for ${sessionId} in ${root}`);
  return join(root, name);
}

/** Waits until `pid` is gone; the MCP child is not ours, so we cannot wait on its exit event. */
async function gone(pid: number, child: Child): Promise<void> {
  await guard(
    (async () => {
      while (processExists(pid)) await new Promise((r) => setTimeout(r, 50));
    })(),
    `MCP child ${pid} still running`,
    child,
  );
}

describe.skipIf(process.platform === 'win32')('signals stop web mode as Stop does', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    '%s: the session closes, the recording gets its end (manifest endReason signal), the MCP child is ended, exit 0',
    async (signal) => {
      const s = await servedStudio();
      s.child.proc.kill(signal);
      const exit = await guard(s.child.exited, 'exit after the signal', s.child);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(s.child.stderr()).toContain(`fixture: ${signal} received; stopping`);
      // The manifest is rewritten with its end: the signal, not a crash.
      const rec = recordingOf(s.dir, s.sessionId);
      const manifest = JSON.parse(readFileSync(join(rec, 'manifest.json'), 'utf8')) as {
        endReason: string | null;
        endedAt: string | null;
      };
      expect(manifest.endReason).toBe('signal');
      expect(manifest.endedAt).not.toBeNull();
      // The close event of the session is recorded before the end.
      const events = readFileSync(join(rec, 'events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type?: string });
      expect(events.some((e) => e.type === 'close')).toBe(true);
      // The SDK's close ends the stubborn child (it ignored its stdin closing) by signal.
      await gone(s.mcpPid, s.child);
    },
    GUARD_MS * 2,
  );

  it(
    'a second signal exits at once while the stop is still running',
    async () => {
      const s = await servedStudio({ FIXTURE_HANG: '1', FIXTURE_BOUND_MS: String(10 * GUARD_MS) });
      s.child.proc.kill('SIGTERM');
      await s.child.waitFor('stderr', /SIGTERM received; stopping/);
      s.child.proc.kill('SIGINT');
      const exit = await guard(s.child.exited, 'exit after the second signal', s.child);
      expect(exit).toEqual({ code: 130, signal: null });
      expect(s.child.stderr()).toContain('SIGINT again; exiting at once');
    },
    GUARD_MS * 2,
  );

  it(
    'a stop that hangs is cut off by the bound, with a message',
    async () => {
      const s = await servedStudio({ FIXTURE_HANG: '1', FIXTURE_BOUND_MS: '300' });
      s.child.proc.kill('SIGTERM');
      const exit = await guard(s.child.exited, 'exit after the bound', s.child);
      expect(exit).toEqual({ code: 143, signal: null });
      expect(s.child.stderr()).toContain('the stop did not finish within 300 ms; exiting without it');
    },
    GUARD_MS * 2,
  );
});

describe.skipIf(process.platform === 'win32')('signals in the command-line entries', () => {
  it(
    'studio web: SIGHUP stops it cleanly (exit 0), like SIGTERM and SIGINT',
    async () => {
      const dir = testDir('studio-signals-web-');
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
      const child = start(['src/cli/studio.ts', 'web', '--no-open', '--port', '0', '--renderer-dir', dir], {
        STUDIO_RECORDINGS_DIR: join(dir, 'recordings'),
        STUDIO_PRESETS_DIR: join(dir, 'presets'),
      });
      await child.waitFor('stdout', /^Studio: http:\/\/127\.0\.0\.1:\d+\/\S*\n/);
      child.proc.kill('SIGHUP');
      expect(await guard(child.exited, 'studio web exit', child)).toEqual({ code: 0, signal: null });
      expect(child.stderr()).toContain('studio web: SIGHUP received; stopping');
    },
    GUARD_MS,
  );

  it(
    'scenarios: a signal mid-run reports what ran, writes the reports and exits 128+n',
    async () => {
      const dir = testDir('studio-signals-scn-');
      const json = join(dir, 'out.json');
      const child = start(['src/cli/scenarios.ts', 'tests/scenarios', '--json', json]);
      // After the first result line the runner is between or inside scenarios: either way it stops.
      await child.waitFor('stdout', /^(PASS|FAIL|INVALID)/m);
      child.proc.kill('SIGTERM');
      const exit = await guard(child.exited, 'scenarios exit', child);
      // The suite may have finished just before the signal arrived; then it exits as usual.
      if (child.stdout().includes('INTERRUPTED')) {
        expect(exit).toEqual({ code: 143, signal: null });
        expect(child.stdout()).toMatch(/INTERRUPTED by SIGTERM: the remaining scenarios were not run/);
      } else {
        expect(exit.signal).toBeNull();
      }
      expect(child.stdout()).toMatch(/\d+ passed, \d+ failed/);
      expect(existsSync(json)).toBe(true);
    },
    GUARD_MS,
  );
});
