/**
 * The arguments the provider helpers (`llm`, `tts`) share: `--provider NAME` (required, one of
 * the command's providers), `--config FILE`, the command's own string flags, and positionals.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './command';

export interface ProviderArgs<F extends string> {
  provider: string;
  config: string | undefined;
  /** The command's own flags, by name as typed (`base-url`). */
  flags: Record<F, string | undefined>;
  positionals: string[];
}

export function parseProviderArgs<F extends string>(
  args: string[],
  providers: readonly string[],
  flags: readonly F[],
): ProviderArgs<F> {
  const options: Record<string, { type: 'string' }> = {
    provider: { type: 'string' },
    config: { type: 'string' },
  };
  for (const f of flags) options[f] = { type: 'string' };
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options });
  const provider = values.provider;
  if (!provider) throw new UsageError(`--provider is required (${providers.join(', ')})`);
  if (!providers.includes(provider))
    throw new UsageError(`--provider: "${provider}" is not one of ${providers.join(', ')}`);
  const own = Object.fromEntries(flags.map((f) => [f, values[f]])) as Record<F, string | undefined>;
  return { provider, config: values.config, flags: own, positionals };
}
