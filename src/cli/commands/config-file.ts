/**
 * `--config FILE` for the CLI helpers: the same schema as the studio, so a config that works in
 * the CLI works in the studio and the other way round. Without a file the schema's defaults
 * apply. Keys never come from this file: they come from the environment or the key store.
 */
import { readFileSync } from 'node:fs';
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

export function loadStudioConfig(path: string | undefined): StudioConfig {
  if (path === undefined) return StudioConfigSchema.parse({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigFileError(
      `config ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(`config ${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = StudioConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigFileError(`config ${path}: ${formatIssues(parsed.error).join('; ')}`);
  return parsed.data;
}
