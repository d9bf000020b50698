/**
 * `studio export REC --scenario FILE` (and the other export targets). Each target is one entry
 * of EXPORT_TARGETS: its flag, its usage line and a handler that gets the opened recording and
 * the flag's value; more than one target may be given in one call. To add a target (--otlp,
 * --wav), add an entry — parsing, opening and closing the recording are done here.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { OpenedRecording } from '../../main/recording/api';
import { DEFAULT_TOLERANCE_MS, exportScenarioFile, openRecordingPath } from '../../main/replay';
import type { Subcommand } from './command';
import { otlpExportTarget, wavExportTarget } from './export-targets';
import { UsageError } from './command';

export interface ExportTarget {
  /** One usage line: `--flag VALUE  what it writes`. */
  usage: string;
  /** Writes the export; returns the lines to print on stdout and the exit code (0 ok, 1 failed). */
  run(
    rec: OpenedRecording,
    value: string,
    flags: { noTimes: boolean },
  ): Promise<{ lines: string[]; code: number }>;
}

export const EXPORT_TARGETS: Record<string, ExportTarget> = {
  scenario: {
    usage:
      '--scenario FILE   a scenario file that replays the recording and pins what the agent did; run once to check it passes',
    async run(rec, value, flags) {
      const r = await exportScenarioFile(rec, resolve(value), { pinTimes: !flags.noTimes });
      const lines = [`scenario: ${r.file}`, ...r.notes.map((n) => `note: ${n}`)];
      if (r.residualMs !== null)
        lines.push(
          r.toleranceMs > DEFAULT_TOLERANCE_MS
            ? `timing: the run meets every pinned time within ${r.residualMs} ms, more than the default ${DEFAULT_TOLERANCE_MS} ms: toleranceMs set to ${r.toleranceMs}`
            : `timing: the run meets every pinned time within ${r.residualMs} ms (toleranceMs ${r.toleranceMs})`,
        );
      if (r.failures.length === 0) return { lines: [...lines, `PASS ${r.name}`], code: 0 };
      return {
        lines: [
          ...lines,
          `FAIL ${r.name} (the exported file does not reproduce the recording)`,
          ...r.failures.map((f) => `  ${f}`),
        ],
        code: 1,
      };
    },
  },
  otlp: otlpExportTarget,
  wav: wavExportTarget,
};

export const exportCommand: Subcommand = {
  summary:
    'export a recording: --scenario FILE (a scenario file that replays it), --otlp FILE|URL (OpenTelemetry traces), --wav FILE (stereo mix)',
  get usage() {
    const targets = Object.values(EXPORT_TARGETS).map((t) => `  ${t.usage}`);
    return `export REC ${Object.keys(EXPORT_TARGETS)
      .map((k) => `[--${k} …]`)
      .join(
        ' ',
      )} [--no-times]\n  REC               a recording folder (or a v1 .jsonl file)\n${targets.join('\n')}\n  --no-times        (scenario) pin the order of states, items and events, not their times`;
  },
  async run(args) {
    const parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(Object.keys(EXPORT_TARGETS).map((k) => [k, { type: 'string' as const }])),
        'no-times': { type: 'boolean', default: false },
      },
    });
    const positionals = parsed.positionals;
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (positionals.length !== 1) throw new UsageError(`expected one recording, got ${positionals.length}`);
    const chosen = Object.keys(EXPORT_TARGETS).filter((k) => typeof values[k] === 'string');
    if (chosen.length === 0)
      throw new UsageError(
        `name what to export: ${Object.keys(EXPORT_TARGETS)
          .map((k) => `--${k}`)
          .join(', ')}`,
      );
    const rec = await openRecordingPath(positionals[0]);
    let code = 0;
    try {
      for (const n of rec.notices) process.stderr.write(`studio export: ${n}\n`);
      for (const k of chosen) {
        const r = await EXPORT_TARGETS[k].run(rec, values[k] as string, {
          noTimes: values['no-times'] === true,
        });
        for (const l of r.lines) process.stdout.write(`${l}\n`);
        code = Math.max(code, r.code);
      }
    } finally {
      await rec.close();
    }
    return code;
  },
};
