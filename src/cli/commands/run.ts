/**
 * `studio run --scenario FILE [--record DIR]`: one scenario on the virtual clock, recorded (on by
 * default) as a v2 recording whose path is printed; PASS/FAIL as the scenario runner prints it.
 * Exit 0 pass, 1 fail, 2 for an invalid file or usage.
 */
import { parseArgs } from 'node:util';
import { runScenarioRecorded } from '../../main/replay';
import { loadScenarioFile } from '../../main/simulation';
import type { Subcommand } from './command';
import { UsageError } from './command';
import { RECORD_OPTIONS, RECORD_USAGE, recordTarget } from './record-target';

export const runCommand: Subcommand = {
  summary: 'run a scenario headless on the virtual clock and record it',
  usage:
    'run --scenario FILE [--record DIR | --no-record]\n  --scenario FILE a .scenario.json file\n' +
    RECORD_USAGE +
    '  (run --config FILE --input FILE.wav, a real-time session fed from a WAV file, is not available yet)',
  graceful: true,
  async run(args) {
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
    if (values.input !== undefined || values.config !== undefined)
      throw new UsageError(
        '--config/--input: a real-time session fed from a WAV file is not available in this build; use --scenario FILE',
      );
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
