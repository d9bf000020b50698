/**
 * `studio run / export / rerun / diff` end to end: a recording made, exported, re-run and diffed.
 * The commands run in this process through the dispatchers (output captured, exit code returned);
 * commands.test.ts and scenarios.test.ts run the real entry points as child processes.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWav } from '../main/io/wav';
import { openRecordingPath } from '../main/replay';
import { parsePercent } from './commands/diff';
import { parseShard, shardOf } from './commands/rerun';
import { runInProcess } from './in-process';
import { main as scenariosMain } from './scenarios';
import { main as studioMain } from './studio';

const DEMO = resolve('resources/demo/demo.scenario.json');

const studio = (...args: string[]) => runInProcess(studioMain, args);
const recordingOf = (stdout: string): string => /^recording: (.+)$/m.exec(stdout)?.[1] ?? '';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replay-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('studio run / export / rerun / diff', () => {
  it('records the demo, exports it as a scenario that passes, re-runs it with a later endpointing delay and diffs the two', async () => {
    const run = await studio('run', '--scenario', DEMO, '--record', join(dir, 'recs'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS demo/);
    const rec = recordingOf(run.stdout);
    expect(rec.startsWith(join(dir, 'recs'))).toBe(true);

    const file = join(dir, 'exported.scenario.json');
    const exported = await studio('export', rec, '--scenario', file);
    expect(exported.stdout).toMatch(/^PASS recording /m);
    expect(exported.code).toBe(0);
    const scenarios = await runInProcess(scenariosMain, [file]);
    expect(scenarios.stdout).toMatch(/1 passed, 0 failed/);
    expect(scenarios.code).toBe(0);

    const rerun = await studio(
      'rerun',
      rec,
      '--set',
      'options.minEndpointingDelayMs=900',
      '--record',
      join(dir, 'reruns'),
    );
    expect(rerun.code).toBe(0);
    const rerunPath = recordingOf(rerun.stdout);
    expect(rerunPath.startsWith(join(dir, 'reruns'))).toBe(true);

    const diff = await studio('diff', rec, rerunPath, '--json', '--max-latency-regression', '20%');
    expect(diff.code).toBe(1);
    const report = JSON.parse(diff.stdout) as {
      turns: { delta: { endOfTurnMs: number } }[];
      verdict: { failed: boolean; reasons: string[] };
    };
    expect(Math.round(report.turns[0].delta.endOfTurnMs)).toBe(400);
    expect(report.verdict.reasons[0]).toMatch(/median e2e latency rose/);

    const same = await studio(
      'diff',
      rec,
      rec,
      '--fail-on-changed-replies',
      '--max-latency-regression',
      '20%',
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/4 matched/);
  }, 180_000);

  it('a re-run whose config cannot be built fails before it runs, naming the field; bad flags are usage errors', async () => {
    const run = await studio('run', '--scenario', DEMO, '--record', join(dir, 'bad'));
    const rec = recordingOf(run.stdout);
    const bad = await studio(
      'rerun',
      rec,
      '--set',
      'options.minEndpointingDelayMs=-1',
      '--record',
      join(dir, 'bad-out'),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/field options\.minEndpointingDelayMs/);
    await expect(readdir(join(dir, 'bad-out'))).rejects.toThrow();
    expect((await studio('rerun', rec, '--shard', '3/2')).code).toBe(2);
    expect((await studio('diff', rec)).code).toBe(2);
    expect((await studio('export', rec)).code).toBe(2);
  }, 120_000);
});

describe('studio run --config FILE --input FILE.wav (real time)', () => {
  it('hears the WAV through the configured providers and records it; a provider that cannot be built refuses the start naming the field', async () => {
    const wav = join(dir, 'in.wav');
    writeWav(wav, { sampleRate: 16000, channels: 1, data: new Int16Array(8000).fill(100) });
    const config = join(dir, 'rt.json');
    const providers = {
      vad: { provider: 'none' },
      stt: { provider: 'simulated' },
      llm: { provider: 'simulated' },
      tts: { provider: 'simulated', audio: 'silence' },
    };
    await writeFile(config, JSON.stringify({ inputMode: 'microphone', providers }));
    const run = await studio('run', '--config', config, '--input', wav, '--record', join(dir, 'rt'));
    expect(run.code).toBe(0);
    const rec = recordingOf(run.stdout);
    const opened = await openRecordingPath(rec);
    expect(opened.manifest.inputKind).toBe('file');
    const audio = await opened.readAudio('user', opened.manifest.audio.user!.offsetMs, 500);
    expect(audio?.data.length).toBe(8000);
    expect(audio?.data[0]).toBe(100);
    await opened.close();

    const openai = join(dir, 'openai.json');
    await writeFile(
      openai,
      JSON.stringify({
        providers: { ...providers, llm: { provider: 'openai', apiKeyName: 'NO_SUCH_TEST_API_KEY' } },
      }),
    );
    const refused = await studio('run', '--config', openai, '--input', wav, '--record', join(dir, 'refused'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/providers\.llm/);
    await expect(readdir(join(dir, 'refused'))).rejects.toThrow();
  }, 120_000);
});

describe('batch options', () => {
  it('--shard i/n keeps every n-th item from the i-th; --max-latency-regression takes 20% or 0.2', () => {
    expect(shardOf(['a', 'b', 'c', 'd', 'e'], parseShard('1/2'))).toEqual(['a', 'c', 'e']);
    expect(shardOf(['a', 'b', 'c', 'd', 'e'], parseShard('2/2'))).toEqual(['b', 'd']);
    expect(() => parseShard('0/2')).toThrow(/--shard/);
    expect(parsePercent('20%', 'x')).toBe(0.2);
    expect(parsePercent('0.2', 'x')).toBe(0.2);
    expect(() => parsePercent('fast', '--max-latency-regression')).toThrow(/--max-latency-regression/);
  });
});
