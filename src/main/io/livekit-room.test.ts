import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConnectError } from './livekit-room';

interface Attempt {
  ok: boolean;
  ms: number;
  name: string;
  message: string;
}

/** Runs the probe in its own process: rtc-node's worker would otherwise keep vitest's alive. */
function runProbe(): Promise<{ code: number | null; wallMs: number; stdout: string; stderr: string }> {
  const probe = join(__dirname, 'testing', 'livekit-room-probe.ts');
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    // node with the tsx loader, not the tsx CLI: that wraps the probe in a second node process.
    const child = spawn(process.execPath, ['--import', 'tsx', probe], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The probe must exit by itself (dispose done); if it hangs, kill it and fail.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, wallMs: Date.now() - t0, stdout, stderr });
    });
  });
}

describe('LiveKit room connection (rtc-node, no server)', () => {
  it('a closed port fails fast and a silent server within the bound, with the URL and what to check, never the token; the process then exits', async () => {
    const run = await runProbe();
    expect(run.code, run.stderr).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, run.stdout + run.stderr).toBeDefined();
    const result = JSON.parse((line as string).slice('RESULT '.length)) as {
      refused: Attempt;
      timedOut: Attempt;
      token: string;
      loadedAfter: boolean;
    };
    const { refused, timedOut } = result;
    expect(refused).toMatchObject({ ok: false, name: 'RoomConnectError' });
    expect(refused.message).toMatch(/^could not join the LiveKit room at ws:\/\/127\.0\.0\.1:\d+: /);
    expect(refused.message).toMatch(/refused/i);
    expect(refused.message).toContain('check that a LiveKit server is running and reachable at that URL');
    expect(timedOut).toMatchObject({ ok: false, name: 'RoomConnectError' });
    expect(timedOut.message).toContain('did not answer within 1000 ms');
    expect(timedOut.ms).toBeGreaterThanOrEqual(900);
    for (const a of [refused, timedOut]) expect(a.message).not.toContain(result.token.split('.')[2]);
    expect(result.loadedAfter).toBe(false);
  }, 40_000);

  it('tells an authentication problem from an unreachable server', () => {
    expect(describeConnectError('wss://x.livekit.cloud', 'signal failure: 401 unauthorized')).toContain(
      'check that the API key and secret (or the token) belong to this server',
    );
    expect(describeConnectError('wss://x.livekit.cloud', 'dns error: failed to lookup address')).toContain(
      'wss://<project>.livekit.cloud',
    );
  });
});
