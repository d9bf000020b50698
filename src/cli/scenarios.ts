/**
 * `npm run scenarios -- PATH... [--json FILE] [--junit FILE] [--max-virtual-ms N] [--timeout-ms N]`:
 * runs scenario files on the virtual clock and prints PASS/FAIL per scenario, then
 * `N passed, N failed`. Exit 0 all passed, 1 any failed, 2 any invalid file. Thin on purpose: the
 * work lives in src/main/simulation.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatResultLines, summaryLine, toJsonReport, toJunitXml } from '../main/simulation/report-writers';
import {
  DEFAULT_MAX_VIRTUAL_MS,
  DEFAULT_WALL_BUDGET_MS,
  MAX_VIRTUAL_MS_FLAG,
  parseLimitMs,
  WALL_BUDGET_FLAG,
  type RunLimits,
} from '../main/simulation/run-limits';
import { exitCodeFor, runSuite } from '../main/simulation/scenario-suite';
import { ShutdownRequested, signalExitCode, superviseSignals } from './shutdown';

const USAGE = [
  'usage: npm run scenarios -- PATH... [--json FILE] [--junit FILE] [--max-virtual-ms N] [--timeout-ms N]',
  '  PATH                a *.scenario.json file or a folder of them (format: docs/scenario-format.md)',
  '  --json FILE         also write the results as JSON',
  '  --junit FILE        also write the results as JUnit XML',
  `  ${MAX_VIRTUAL_MS_FLAG} N  longest run per scenario in virtual ms (default ${DEFAULT_MAX_VIRTUAL_MS})`,
  `  ${WALL_BUDGET_FLAG} N      real time per scenario in ms (default ${DEFAULT_WALL_BUDGET_MS})`,
  '  -h, --help          print this and exit 0',
  'Exit 0 all passed, 1 any failed, 2 any invalid file or bad arguments.',
].join('\n');

interface Args {
  paths: string[];
  json: string | null;
  junit: string | null;
  limits: Partial<RunLimits>;
}

const LIMIT_FLAGS: Record<string, keyof RunLimits> = {
  [MAX_VIRTUAL_MS_FLAG]: 'maxVirtualMs',
  [WALL_BUDGET_FLAG]: 'wallBudgetMs',
};

function parseArgs(argv: string[]): Args | { help: true } | string {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const args: Args = { paths: [], json: null, junit: null, limits: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const limit = Object.hasOwn(LIMIT_FLAGS, flag) ? LIMIT_FLAGS[flag] : undefined;
    if (limit) {
      const v = parseLimitMs(flag, eq > 0 ? a.slice(eq + 1) : argv[++i]);
      if (typeof v === 'string') return v;
      args.limits[limit] = v;
    } else if (a === '--json' || a === '--junit') {
      const v = argv[++i];
      if (!v) return `${a} needs a file name`;
      args[a === '--json' ? 'json' : 'junit'] = v;
    } else if (a.startsWith('--json=')) args.json = a.slice(7);
    else if (a.startsWith('--junit=')) args.junit = a.slice(8);
    else if (a === '--') continue;
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else args.paths.push(a);
  }
  if (args.paths.length === 0) return 'no scenario file or folder given';
  return args;
}

async function writeReport(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

const println = (text: string) => process.stdout.write(`${text}\n`);

async function run(argv: string[], stopping: AbortSignal): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args !== 'string' && 'help' in args) {
    println(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  const suite = await runSuite(args.paths, {
    limits: args.limits,
    onResult: (r) => println(formatResultLines(r).join('\n')),
    signal: stopping,
  });
  for (const m of suite.missing)
    println(`MISSING ${m}\n  $: expected an existing *.scenario.json file or folder`);
  if (args.json) await writeReport(args.json, toJsonReport(suite));
  if (args.junit) await writeReport(args.junit, toJunitXml(suite));
  println(summaryLine(suite));
  if (stopping.reason instanceof ShutdownRequested) {
    // What ran is reported (and written above); the rest was not run, which is not a pass.
    println(`INTERRUPTED by ${stopping.reason.signal}: the remaining scenarios were not run`);
    return signalExitCode(stopping.reason.signal);
  }
  return exitCodeFor(suite);
}

/**
 * The runner for `argv` (without node and the script), resolving with the exit code.
 * Ctrl-C, SIGTERM, SIGHUP: the running scenario finishes (bounded), reports are written, exit 128+n.
 */
export function main(argv: string[]): Promise<number> {
  return superviseSignals((stopping) => run(argv, stopping), { name: 'scenarios', graceful: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
