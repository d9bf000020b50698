/**
 * Which provider config a CLI helper uses: `--provider NAME` picks the first entry of that
 * provider in the config's setting (a single config or a fallback list), so the CLI tries the
 * exact settings the studio would; when the config has none, the schema's defaults for NAME.
 * Flags like `--model` then override single fields and the result is validated again.
 */
import type { z } from 'zod';
import { providerChain } from '../../shared/config';
import { UsageError } from './command';

export interface Picked<C> {
  entry: C;
  /** Where the entry sits, for messages: `providers.llm` or `providers.llm[1]`. */
  setting: string;
}

/** CLI flag of each overridable field, for messages. */
const FLAGS: Record<string, string> = { model: '--model', baseURL: '--base-url', voice: '--voice' };

export function pickProvider<C extends { provider: string }>(
  schema: z.ZodType<C>,
  kind: 'llm' | 'tts',
  configured: C | C[],
  name: string,
  overrides: Record<string, string | undefined>,
): Picked<C> {
  const chain = providerChain(configured);
  const index = chain.findIndex((c) => c.provider === name);
  let entry: C;
  if (index >= 0) entry = chain[index];
  else {
    const r = schema.safeParse({ provider: name });
    if (!r.success) throw new UsageError(`--provider: "${name}" is not a ${kind} provider`);
    entry = r.data;
  }
  const setting =
    index >= 0 && Array.isArray(configured) ? `providers.${kind}[${index}]` : `providers.${kind}`;
  const patch = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const r = schema.safeParse({ ...entry, ...patch });
  if (r.success) return { entry: r.data, setting };
  const lines = r.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map((k) => `${FLAGS[k] ?? k} does not apply to the ${name} ${kind} provider`)
        .join('; ');
    }
    const field = String(issue.path[0] ?? '');
    const where = field in patch ? (FLAGS[field] ?? field) : `${setting}.${issue.path.join('.')}`;
    return `${where}: ${issue.message}`;
  });
  throw new UsageError(lines.join('; '));
}
