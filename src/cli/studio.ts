/**
 * The studio's command line: `node out/main/studio.js <subcommand> [options]` as built by
 * `npm run build` (what `npm run web` and the e2e suite run), or from source with
 * `tsx src/cli/studio.ts` (`npm run studio`). Subcommands are a
 * table so that later issues (vad, tts, llm, run) add one entry each without touching dispatch.
 * stdout carries only what a user or script is meant to read; logs go to stderr.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openInBrowser } from '../main/open-browser';
import { appVersionFrom, findAppRoot } from './app-root';
import { startWebServer } from '../main/transport/web-server';
import { isUsageError, oneLine, UsageError, type Subcommand } from './commands/command';
import { keysCommand } from './commands/keys';
import { WEB_TRUST_OPTIONS, WEB_TRUST_USAGE, webTrust } from './commands/web-trust';
import { sharedKeyStore } from '../main/studio/key-store';
import { stopServedStudio, superviseSignals, untilAborted } from './shutdown';
import { llmCommand } from './commands/llm';
import { ttsCommand } from './commands/tts';
import { vadCommand } from './commands/vad';
import { diffCommand } from './commands/diff';
import { exportCommand } from './commands/export';
import { rerunCommand } from './commands/rerun';
import { runCommand } from './commands/run';

export type { Subcommand } from './commands/command';

const here = dirname(fileURLToPath(import.meta.url));

/** out/renderer of the studio folder above this module (src/cli under tsx, out/main when built). */
function defaultRendererDir(): string {
  const root = findAppRoot(here);
  if (root === null)
    throw new Error(`no studio package.json above ${here} to find out/renderer in: give --renderer-dir`);
  return join(root, 'out', 'renderer');
}

const web: Subcommand = {
  summary: 'serve the studio to a browser over a WebSocket (no Electron needed)',
  usage:
    'web [--port N] [--no-open] [--renderer-dir DIR] [--config FILE] [--allow-mcp-command CMD] [--allow-key-origin URL]\n  --port N        port on 127.0.0.1 (0, the default, picks a free one)\n  --no-open       do not open a browser\n  --renderer-dir  built renderer to serve (default out/renderer; run `npm run build` first)\n' +
    WEB_TRUST_USAGE,
  graceful: true,
  async run(args, context) {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        port: { type: 'string', default: '0' },
        'no-open': { type: 'boolean', default: false },
        'renderer-dir': { type: 'string' },
        ...WEB_TRUST_OPTIONS,
      },
    });
    // The recordings' manifests name the studio's version (npm's variable is there only under npm).
    const hostOptions = { ...webTrust(values, sharedKeyStore()), appVersion: appVersionFrom(here) };
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port: expected an integer 0-65535, got ${values.port}`);
    const rendererDir = resolve(values['renderer-dir'] ?? defaultRendererDir());
    if (!existsSync(join(rendererDir, 'index.html'))) {
      process.stderr.write(
        `No built renderer at ${rendererDir} (index.html missing); run \`npm run build\` first.\n`,
      );
      return 1;
    }
    const server = await startWebServer({ port, rendererDir, host: '127.0.0.1', hostOptions });
    // The printed code and the browser's are separate one-time codes; the browser's argv (readable
    // through /proc) carries only one that is spent as it opens and expires within a minute.
    process.stdout.write(`Studio: ${server.url}\n`);
    if (!values['no-open']) openInBrowser(server.signInUrl());
    await untilAborted(context.stopping);
    await stopServedStudio(server);
    return 0;
  },
};

/** The subcommand table; later issues register theirs here. */
export const SUBCOMMANDS: Record<string, Subcommand> = {
  web,
  vad: vadCommand,
  tts: ttsCommand,
  llm: llmCommand,
  keys: keysCommand,
  run: runCommand,
  rerun: rerunCommand,
  diff: diffCommand,
  export: exportCommand,
};

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: studio <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nstudio <command> --help for its options\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`studio: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: studio ${command.usage}\n`);
    return 0;
  }
  try {
    // SIGINT/SIGTERM/SIGHUP: graceful commands stop within the bound, the others stop at once.
    return await superviseSignals((stopping) => command.run(rest, { stopping }), {
      name: `studio ${name}`,
      graceful: command.graceful === true,
    });
  } catch (err) {
    const usageProblem = isUsageError(err);
    process.stderr.write(`studio ${name}: ${oneLine(err)}\n`);
    if (usageProblem) process.stderr.write(`usage: studio ${command.usage}\n`);
    return usageProblem ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`studio: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
