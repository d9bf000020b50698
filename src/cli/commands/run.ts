/**
 * `studio run --scenario FILE [--record DIR]`: one scenario on the virtual clock, recorded (on by
 * default) as a v2 recording whose path is printed; PASS/FAIL as the scenario runner prints it.
 * Exit 0 pass, 1 fail, 2 for an invalid file or usage.
 */
import { parseArgs } from 'node:util';
import { readWav } from '../../main/io/wav';
import { editedConfig, runRealtime, runScenarioRecorded } from '../../main/replay';
import { sharedKeyStore } from '../../main/studio/key-store';
import { registryProviders } from '../../main/studio/session-providers';
import { loadStudioConfig } from './config-file';
import { loadScenarioFile } from '../../main/simulation';
import type { Subcommand } from './command';
import { UsageError } from './command';
import { RECORD_OPTIONS, RECORD_USAGE, recordTarget } from './record-target';

/** `run --config FILE --input FILE.wav`: the WAV in real time through the configured providers. */
async function runWav(
  configPath: string,
  input: string,
  values: { record?: string; 'no-record'?: boolean },
  stopping: AbortSignal,
): Promise<number> {
  const config = editedConfig(loadStudioConfig(configPath));
  const audio = readWav(input);
  for (const w of audio.warnings) process.stderr.write(`studio run: ${w}\n`);
  const target = recordTarget(values, config);
  const result = await runRealtime({
    ...target,
    config,
    audio,
    createProviders: registryProviders(sharedKeyStore()),
    recordingsDir: target.dir,
    inputKind: 'file',
    signal: stopping,
  });
  process.stdout.write(
    `session ended: ${result.end.reason}${result.end.error ? ` (${result.end.error})` : ''}\n`,
  );
  if (result.path) process.stdout.write(`recording: ${result.path}\n`);
  return result.end.reason === 'error' ? 1 : 0;
}

export const runCommand: Subcommand = {
  summary: 'run a scenario headless on the virtual clock and record it',
  usage:
    'run --scenario FILE [--record DIR | --no-record]\n  --scenario FILE a .scenario.json file\n' +
    RECORD_USAGE +
    "run --config FILE --input FILE.wav [--record DIR | --no-record]\n  a real-time session with the config's providers, hearing the WAV file as its microphone",
  graceful: true,
  async run(args, context) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        scenario: { type: 'string' },
        config: { type: 'string' },
        input: { type: 'string' },
        ...RECORD_OPTIONS,
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    if (values.input !== undefined || values.config !== undefined) {
      if (values.scenario !== undefined)
        throw new UsageError('give --scenario FILE, or --config FILE --input FILE.wav');
      if (values.input === undefined || values.config === undefined)
        throw new UsageError('a real-time run needs both --config FILE and --input FILE.wav');
      return runWav(values.config, values.input, values, context.stopping);
    }
    if (values.scenario === undefined) throw new UsageError('expected --scenario FILE');
    const loaded = await loadScenarioFile(values.scenario);
    if (!loaded.ok) {
      process.stderr.write(
        `INVALID ${loaded.file}\n${loaded.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`,
      );
      return 2;
    }
    const target = recordTarget(values, null);
    const run = await runScenarioRecorded({
      ...target,
      scenario: loaded.scenario,
      recordingsDir: target.dir,
    });
    const { failures } = run.outcome;
    process.stdout.write(`${failures.length === 0 ? 'PASS' : 'FAIL'} ${loaded.scenario.name}\n`);
    for (const f of failures) process.stdout.write(`  ${f.message}\n`);
    for (const p of run.problems) process.stderr.write(`studio run: the recording stopped: ${p}\n`);
    if (run.path) process.stdout.write(`recording: ${run.path}\n`);
    return failures.length === 0 ? 0 : 1;
  },
};
