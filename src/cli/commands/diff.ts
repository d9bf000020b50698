/**
 * `studio diff A B`: two recordings compared turn by turn (src/main/replay/diff.ts). A table on
 * stdout, or the report as JSON with --json; exit 1 when a threshold is passed, so CI can gate
 * on it. Recordings of different agents are compared with a warning line (stderr and report).
 */
import { parseArgs } from 'node:util';
import {
  diffRecordings,
  openRecordingPath,
  readAllEvents,
  checkThresholds,
  formatDiffTable,
} from '../../main/replay';
import type { DiffSide } from '../../main/replay';
import type { Subcommand } from './command';
import { UsageError } from './command';

/** "20%", "20" or "0.2" (a fraction below 1 without %) as a fraction. */
export function parsePercent(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m) throw new UsageError(`${flag}: expected a percentage such as 20%, got ${text}`);
  const v = Number(m[1]);
  return m[2] === '%' || v >= 1 ? v / 100 : v;
}

async function side(path: string): Promise<DiffSide> {
  const rec = await openRecordingPath(path);
  try {
    const config = rec.manifest.config as { agent?: { instructions?: unknown } } | null;
    const instructions = typeof config?.agent?.instructions === 'string' ? config.agent.instructions : null;
    return {
      id: rec.id,
      path: rec.path,
      agents: rec.manifest.agents,
      instructions,
      events: await readAllEvents(rec),
    };
  } finally {
    await rec.close();
  }
}

export const diffCommand: Subcommand = {
  summary: 'compare two recordings turn by turn (table, --json; exit 1 past thresholds)',
  usage:
    'diff A B [--json] [--max-latency-regression 20%] [--fail-on-changed-replies]\n  A, B                        recording folders (or v1 .jsonl files); A is the baseline\n  --json                      print the report as JSON\n  --max-latency-regression P  exit 1 when the median e2e latency of B exceeds A by more than P\n  --fail-on-changed-replies   exit 1 when a reply text or tool call changed, or a turn is in one run only',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'max-latency-regression': { type: 'string' },
        'fail-on-changed-replies': { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 2)
      throw new UsageError(`expected two recordings A and B, got ${positionals.length}`);
    const maxLatencyRegression =
      values['max-latency-regression'] === undefined
        ? undefined
        : parsePercent(values['max-latency-regression'], '--max-latency-regression');
    const report = diffRecordings(await side(positionals[0]), await side(positionals[1]));
    const verdict = checkThresholds(report, {
      maxLatencyRegression,
      failOnChangedReplies: values['fail-on-changed-replies'],
    });
    if (values.json) process.stdout.write(`${JSON.stringify({ ...report, verdict }, null, 2)}\n`);
    else {
      process.stdout.write(formatDiffTable(report));
      for (const r of verdict.reasons) process.stdout.write(`FAIL ${r}\n`);
    }
    for (const w of report.warnings) process.stderr.write(`studio diff: warning: ${w}\n`);
    return verdict.failed ? 1 : 0;
  },
};
