/**
 * `studio keys list|set|delete`: manages the key store without a text editor. A value is read
 * from stdin, never from the command line, because arguments are visible to every user of the
 * machine (ps) and land in shell history. Listing prints names and sources only.
 */
import { parseArgs } from 'node:util';
import { KeyStore } from '../../main/studio/key-store';
import { UsageError, type Subcommand } from './command';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export const keysCommand: Subcommand = {
  summary: 'list, set (value from stdin) or delete API keys in the studio key store',
  usage:
    'keys list | keys set NAME < value | keys delete NAME [--file PATH]\n' +
    '  list    key names and where each comes from (env wins over the file); never values\n' +
    '  set     reads the value from stdin, e.g. `printf %s "$KEY" | studio keys set OPENAI_API_KEY`\n' +
    '  --file PATH  the key file (default: keys.json in the user config dir)',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { file: { type: 'string' } },
    });
    const [action, name, ...extra] = positionals;
    const store = new KeyStore({
      path: values.file,
      warn: (m) => process.stderr.write(`studio keys: ${m}\n`),
    });
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    if (action === 'list' && name === undefined) {
      const keys = store.list();
      process.stdout.write(
        keys.length === 0
          ? `no keys (file: ${store.path})\n`
          : keys.map((k) => `${k.name}\t${k.source}\n`).join(''),
      );
      return 0;
    }
    if ((action === 'set' || action === 'delete') && name !== undefined) {
      if (action === 'delete') {
        const removed = store.delete(name);
        process.stdout.write(
          removed ? `deleted ${name} from ${store.path}\n` : `${name} is not in ${store.path}\n`,
        );
        return removed ? 0 : 1;
      }
      if (process.stdin.isTTY)
        throw new UsageError('pipe the value on stdin so it never appears on the command line');
      store.set(name, await readStdin());
      process.stdout.write(
        `saved ${name} in ${store.path}${process.env[name] ? ` (the environment variable ${name} still takes precedence)` : ''}\n`,
      );
      return 0;
    }
    throw new UsageError(
      action === undefined
        ? 'expected list, set NAME or delete NAME'
        : `cannot ${action}${name ? ` ${name}` : ''}`,
    );
  },
};
