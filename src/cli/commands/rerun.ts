/**
 * `studio rerun REC... [--config FILE] [--set name=value ...] [--record DIR]`: each recording's
 * user replayed through the engine with an edited config on the virtual clock, recorded as a new
 * recording linked to its source (src/main/replay/rerun.ts). A folder that is not itself a
 * recording stands for the recordings in it. Batch: `--shard i/n` keeps every n-th recording
 * (sorted paths, as Playwright and Vitest shard), `--jobs N` runs them on N worker threads.
 * Exit 0 when every re-run ran, 1 when one failed, 2 for usage errors.
 */
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { recordingsIn } from '../../main/replay';
import type { Subcommand } from './command';
import { UsageError } from './command';
import { loadStudioConfig } from './config-file';
import { RECORD_OPTIONS, RECORD_USAGE, recordTarget, type RecordTarget } from './record-target';
import { rerunOne, type RerunJob, type RerunOutcome } from './rerun-one';

/** `i/n` (1-based) as a filter on sorted items. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard: expected i/n with 1 <= i <= n, e.g. 2/4, got ${text}`);
  return { index, count };
}

export function shardOf<T>(items: readonly T[], shard: { index: number; count: number }): T[] {
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}

async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    const isRecording =
      info?.isDirectory() && (await stat(join(p, 'manifest.json')).catch(() => null))?.isFile();
    if (info?.isDirectory() && !isRecording) out.push(...(await recordingsIn(p)));
    else out.push(p);
  }
  return [...new Set(out)].sort();
}

/** The worker module beside this one (.ts under tsx, .js when built). */
const WORKER_ENTRY = new URL(`./rerun-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)
  .href;
/**
 * Workers do not inherit tsx's loader: a tiny ES module registers it in the worker (when this
 * file is TypeScript) and then imports the worker module.
 */
const WORKER_BOOT = new URL(
  `data:text/javascript,${encodeURIComponent(
    `import { workerData } from 'node:worker_threads';\n` +
      (WORKER_ENTRY.endsWith('.ts')
        ? `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});\nregister();\n`
        : '') +
      `await import(workerData.entry);\n`,
  )}`,
);

function inWorkers(
  jobs: RerunJob[],
  n: number,
  values: Record<string, unknown>,
  target: RecordTarget,
  onOutcome: (o: RerunOutcome) => void,
): Promise<void> {
  const groups = Array.from({ length: Math.min(n, jobs.length) }, (_, w) =>
    jobs.filter((_, i) => i % n === w),
  );
  return Promise.all(
    groups.map(
      (group) =>
        new Promise<void>((done, fail) => {
          const worker = new Worker(WORKER_BOOT, {
            workerData: {
              entry: WORKER_ENTRY,
              jobs: group,
              record: { record: values.record, 'no-record': values['no-record'] },
              recordingDir: target.dir,
            },
          });
          worker.on('message', (o: RerunOutcome) => onOutcome(o));
          worker.on('error', fail);
          worker.on('exit', (code) =>
            code === 0 ? done() : fail(new Error(`a re-run worker exited with code ${code}`)),
          );
        }),
    ),
  ).then(() => undefined);
}

export const rerunCommand: Subcommand = {
  summary: 're-run recordings with an edited config on the virtual clock, recording each run',
  usage:
    'rerun REC... [--config FILE] [--set name=value ...] [--record DIR | --no-record] [--jobs N] [--shard i/n]\n  REC             a recording folder, a v1 .jsonl file, or a folder of recordings\n  --config FILE   run this config instead of the recorded one\n  --set name=value  change one setting, e.g. --set options.minEndpointingDelayMs=900 (repeatable; value is JSON or text)\n' +
    RECORD_USAGE +
    '  --jobs N        re-run on N worker threads (default 1)\n  --shard i/n     only the i-th of n shards of the sorted recordings\n  --realtime      feed the recorded user audio, typed turns and actions in real time through the configured providers',
  graceful: true,
  async run(args, context) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        set: { type: 'string', multiple: true, default: [] },
        jobs: { type: 'string', default: '1' },
        shard: { type: 'string' },
        realtime: { type: 'boolean', default: false },
        ...RECORD_OPTIONS,
      },
    });
    if (positionals.length === 0) throw new UsageError('expected at least one recording');
    const jobsN = Number(values.jobs);
    if (!Number.isInteger(jobsN) || jobsN < 1 || jobsN > 64)
      throw new UsageError(`--jobs: expected an integer 1-64, got ${values.jobs}`);
    // A bad --config is a usage problem of the whole batch: refused before anything runs.
    const config = values.config ? loadStudioConfig(values.config) : null;
    const target = recordTarget(values, config);
    let recs = await expand(positionals);
    if (values.shard) recs = shardOf(recs, parseShard(values.shard));
    if (recs.length === 0) {
      process.stderr.write('studio rerun: no recordings to re-run\n');
      return 1;
    }
    const jobs: RerunJob[] = recs.map((rec) => ({
      rec,
      configPath: values.config,
      sets: values.set,
      realtime: values.realtime,
    }));
    let failed = 0;
    const report = (o: RerunOutcome): void => {
      if (!o.ok) failed++;
      for (const l of o.lines) (o.ok ? process.stdout : process.stderr).write(`${l}\n`);
    };
    if (jobsN > 1 && jobs.length > 1) await inWorkers(jobs, jobsN, values, target, report);
    else
      for (const job of jobs) {
        if (context.stopping.aborted) break;
        report(await rerunOne(job, target));
      }
    if (jobs.length > 1) process.stdout.write(`${jobs.length - failed} re-ran, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  },
};
