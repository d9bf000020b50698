import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readWav } from '../../main/io/wav';
import { fixtureManifest, writeFixtureRecording } from '../../main/export/testing/fixture-recording';
import { exportCommand } from './export';

async function runExport(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    const code = await exportCommand.run(args, { stopping: new AbortController().signal });
    return { code, out: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('studio export --otlp / --wav', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
    dirs.push(dir);
    return { dir, rec: writeFixtureRecording(dir) };
  };

  it('writes both in one call and says where', async () => {
    const { dir, rec } = folder();
    const wav = join(dir, 'out', 'mix.wav');
    const trace = join(dir, 'out', 'trace.json');
    const r = await runExport([rec, '--wav', wav, '--otlp', trace]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wav: ${wav} (24000 Hz stereo, 1.5 s)`);
    expect(r.out).toMatch(/otlp: \d+ spans → .*trace\.json/);
    expect(readWav(wav).channels).toBe(2);
    const req = JSON.parse(readFileSync(trace, 'utf8')) as { resourceSpans: unknown[] };
    expect(req.resourceSpans).toHaveLength(1);
  });

  it('fails with one line naming the flag: an unreachable endpoint, a recording without audio', async () => {
    const { rec } = folder();
    const otlp = await runExport([rec, '--otlp', 'grpc://127.0.0.1:4317']);
    expect(otlp.code).toBe(1);
    expect(otlp.out).toBe(
      '--otlp: grpc:// is not supported; give an OTLP/HTTP endpoint (http:// or https://) or a file path\n',
    );

    const dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
    dirs.push(dir);
    const silent = writeFixtureRecording(dir, fixtureManifest({ audio: { user: null, agent: null } }));
    const wav = await runExport([silent, '--wav', join(dir, 'x.wav')]);
    expect(wav.code).toBe(1);
    expect(wav.out).toMatch(/^wav: --wav .*x\.wav: 20250304-050607-fixture: no audio to export/);
  });
});
