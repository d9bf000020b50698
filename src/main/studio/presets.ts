/**
 * Named config presets: one JSON file per preset in a directory main owns (userData/presets in
 * Electron, a config directory in web mode). Preset files are user-editable, so every read is
 * treated as untrusted: a broken file is listed with the reason and refused on load, never a crash.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import { PresetNameSchema, type PresetInfo } from '../../shared/studio-api';
import type { Logger } from '../log';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files';
import { fail, invalidInput, ok, type CommandHandlers } from './command-router';
import { errorText } from '../engine';

export const PRESET_FILE_VERSION = 1;
const EXT = '.json';
/** A preset is a config, a few KB; anything far larger is not one and is not read into memory. */
export const MAX_PRESET_BYTES = 1024 * 1024;

/** The file's shape; `config` is validated separately so its issues can name config fields. */
interface PresetFile {
  version: number;
  savedAt: string;
  config: unknown;
}

/**
 * Where web mode keeps presets: $STUDIO_PRESETS_DIR, else the XDG config dir, so presets survive
 * restarts of `studio web` the way they survive restarts of the desktop app.
 */
export function defaultPresetsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STUDIO_PRESETS_DIR) return resolve(env.STUDIO_PRESETS_DIR);
  const home = homedir();
  const base = env.XDG_CONFIG_HOME || (home ? join(home, '.config') : tmpdir());
  return join(base, 'voice-agent-studio', 'presets');
}

export type LoadResult =
  { ok: true; config: StudioConfig } | { ok: false; missing: boolean; problem: string };

export class PresetStore {
  constructor(
    readonly dir: string,
    private readonly logger?: Logger,
  ) {}

  /** Every preset file, sorted by name; unreadable ones carry a `problem` instead of failing the list. */
  async list(): Promise<PresetInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      // No directory yet simply means no presets were saved.
      if (isNotFound(err)) return [];
      throw err;
    }
    const files = names.filter((n) => n.endsWith(EXT)).sort((a, b) => a.localeCompare(b));
    return Promise.all(files.map((file) => this.describe(file.slice(0, -EXT.length))));
  }

  /** Writes atomically (temp file + rename) so a crash mid-save never leaves half a preset. */
  async save(name: string, config: StudioConfig): Promise<PresetInfo> {
    const file: PresetFile = { version: PRESET_FILE_VERSION, savedAt: new Date().toISOString(), config };
    // A preset holds instructions and prompts: folder 0700, file 0600 (private-files.ts).
    await ensurePrivateDir(this.dir, this.logger);
    const target = this.fileOf(name);
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, {
      encoding: 'utf8',
      mode: PRIVATE_FILE_MODE,
    });
    try {
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    this.logger?.log('info', 'preset saved', { name });
    return { name, savedAt: file.savedAt, problem: null };
  }

  async load(name: string): Promise<LoadResult> {
    const read = await this.read(name);
    if (!read.ok) return read;
    return { ok: true, config: read.config };
  }

  async delete(name: string): Promise<boolean> {
    try {
      await rm(this.fileOf(name));
      this.logger?.log('info', 'preset deleted', { name });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  private fileOf(name: string): string {
    return join(this.dir, `${name}${EXT}`);
  }

  private async describe(name: string): Promise<PresetInfo> {
    if (!PresetNameSchema.safeParse(name).success) {
      return { name, savedAt: null, problem: 'the file name is not a valid preset name; rename the file' };
    }
    const read = await this.read(name);
    return read.ok
      ? { name, savedAt: read.savedAt, problem: null }
      : { name, savedAt: null, problem: read.problem };
  }

  private async read(
    name: string,
  ): Promise<
    | { ok: true; config: StudioConfig; savedAt: string | null }
    | { ok: false; missing: boolean; problem: string }
  > {
    const path = this.fileOf(name);
    let text: string;
    try {
      const info = await stat(path);
      if (!info.isFile()) return { ok: false, missing: false, problem: 'not a regular file' };
      if (info.size > MAX_PRESET_BYTES) {
        return {
          ok: false,
          missing: false,
          problem: `file is ${info.size} bytes; a preset is at most ${MAX_PRESET_BYTES}`,
        };
      }
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (isNotFound(err)) return { ok: false, missing: true, problem: `no preset named "${name}"` };
      return { ok: false, missing: false, problem: `cannot read the file: ${errorText(err)}` };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { ok: false, missing: false, problem: `not valid JSON: ${errorText(err)}` };
    }
    const { config, savedAt } = unwrap(json);
    const parsed = StudioConfigSchema.safeParse(config);
    if (!parsed.success) {
      const issues = formatIssues(parsed.error);
      const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
      return {
        ok: false,
        missing: false,
        problem: `invalid config: ${issues.slice(0, 3).join('; ')}${more}`,
      };
    }
    return { ok: true, config: parsed.data, savedAt };
  }
}

/**
 * Accepts both the wrapped file the studio writes and a bare config a user wrote by hand, since
 * copying a scenario's config into the folder is the obvious way to make a preset.
 */
function unwrap(json: unknown): { config: unknown; savedAt: string | null } {
  if (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    'version' in json &&
    'config' in json
  ) {
    const file = json as Partial<PresetFile>;
    return { config: file.config, savedAt: typeof file.savedAt === 'string' ? file.savedAt : null };
  }
  return { config: json, savedAt: null };
}

type PresetCommand = 'listPresets' | 'savePreset' | 'loadPreset' | 'deletePreset';

/**
 * The preset commands for SessionHost's handler table. The current config is read through a
 * callback so "save what is running" needs no access to the host's internals.
 */
export function createPresetHandlers(
  store: PresetStore,
  currentConfig: () => StudioConfig,
): Pick<CommandHandlers, PresetCommand> {
  return {
    listPresets: async () => ok({ presets: await store.list() }),
    savePreset: async ({ name, config }) => {
      let valid = currentConfig();
      if (config !== undefined) {
        const parsed = StudioConfigSchema.safeParse(config);
        // Paths relative to the config, as updateConfig reports them, so the editor maps both alike.
        if (!parsed.success) return invalidInput(parsed.error);
        valid = parsed.data;
      }
      return ok({ preset: await store.save(name, valid) });
    },
    loadPreset: async ({ name }) => {
      const loaded = await store.load(name);
      if (!loaded.ok) {
        return fail(
          'failed',
          loaded.missing ? loaded.problem : `preset "${name}" cannot be loaded: ${loaded.problem}`,
          'name',
        );
      }
      return ok({ name, config: loaded.config });
    },
    deletePreset: async ({ name }) => ok({ deleted: await store.delete(name) }),
  };
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
