/**
 * API keys for the providers, held in main only (architecture §3.7). The environment wins over
 * the file so CI and a developer's shell can override a saved key without editing it. The file
 * lives in the user's config directory, outside any project, so a key is never committed with a
 * config or carried inside a recording; it is written with mode 0600 because it holds secrets.
 * Nothing here returns a value except `get`: listings give names, and `redact` scrubs values
 * out of text before it reaches a log, an event or a recording.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { REDACTED, redactSecretPatterns } from '../log';
import { allSecretForms } from '../secret-forms';

/** Names of keys the studio knows to look for in the environment even before anyone asks. */
export const WELL_KNOWN_KEYS = ['OPENAI_API_KEY', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const;

/** Shorter values are not redacted: replacing every "1" in a log would destroy it, and such a value is no secret. */
const MIN_REDACT_LENGTH = 6;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export interface KeyStoreOptions {
  /** The keys file; by default `keys.json` in the studio's folder of the user's config dir. */
  path?: string;
  env?: NodeJS.ProcessEnv;
  /** Told about problems that do not stop the store (a file others could read was fixed). */
  warn?: (message: string) => void;
}

export interface KeyInfo {
  name: string;
  /** Where `get` finds it: the environment shadows the file. */
  source: 'env' | 'file';
}

/** What providers need from a key store; the registry depends on this and nothing more. */
export interface KeySource {
  get(name: string): string | undefined;
  /** Scrubs this source's values out of a text; absent: only key-like patterns are redacted. */
  redact?(text: string): string;
  /** Names it holds and where from; lets main tell a key-store name from any environment variable. */
  list?(): KeyInfo[];
}

/** Overrides the key file's location (CI, tests, a second profile). */
export const KEY_FILE_ENV = 'VOICE_AGENT_STUDIO_KEY_FILE';

/** `$VOICE_AGENT_STUDIO_KEY_FILE`, else the user's config directory for this app, per platform convention. */
export function defaultKeyFilePath(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const override = env[KEY_FILE_ENV];
  if (override) return override;
  const home = homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(base, 'voice-agent-studio', 'keys.json');
}

export class KeyStoreError extends Error {
  override name = 'KeyStoreError';
}

export class KeyStore implements KeySource {
  readonly path: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly warn: (message: string) => void;
  private fileKeys: Map<string, string> | null = null;
  /** Environment names asked for through `get`; their values count as known secrets too. */
  private readonly requested = new Set<string>(WELL_KNOWN_KEYS);
  private formsCache: { id: string; forms: string[] } | null = null;

  constructor(options: KeyStoreOptions = {}) {
    this.env = options.env ?? process.env;
    this.path = options.path ?? defaultKeyFilePath(this.env);
    this.warn = options.warn ?? (() => undefined);
  }

  /** The key's value, from the environment first, then the file; undefined when neither has it. */
  get(name: string): string | undefined {
    checkName(name);
    this.requested.add(name);
    const fromEnv = this.env[name];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    return this.load().get(name);
  }

  /** Saves a key in the file (created 0600). An environment variable of that name still wins. */
  set(name: string, value: string): void {
    checkName(name);
    if (typeof value !== 'string' || value.trim() === '')
      throw new KeyStoreError(`key ${name}: the value is empty`);
    if (/[\r\n]/.test(value)) throw new KeyStoreError(`key ${name}: the value contains a line break`);
    const keys = new Map(this.load());
    keys.set(name, value);
    this.save(keys);
    this.requested.add(name);
  }

  /** Removes a key from the file; returns whether it was there. */
  delete(name: string): boolean {
    checkName(name);
    const keys = new Map(this.load());
    if (!keys.delete(name)) return false;
    this.save(keys);
    return true;
  }

  /** Names of the available keys and where each comes from; never a value. */
  list(): KeyInfo[] {
    const out = new Map<string, KeyInfo>();
    for (const name of this.load().keys()) out.set(name, { name, source: 'file' });
    for (const name of this.requested) {
      const v = this.env[name];
      if (v !== undefined && v !== '') out.set(name, { name, source: 'env' });
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Replaces every known key value in `text`, and anything that looks like an API key or a
   * bearer token, with `[redacted]`. Longer values are replaced first so a key that contains
   * another is never half-replaced. Never throws: it runs inside log calls and error paths (an
   * unreadable key file still leaves the environment's values and the patterns).
   */
  redact(text: string): string {
    let out = text;
    for (const form of this.secretFormsNow()) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return redactSecretPatterns(out);
  }

  /**
   * Each known value in every encoding it may travel in (JSON-escaped, URL-encoded, base64:
   * see secret-forms.ts), longest first; recomputed only when the set of values changes.
   */
  private secretFormsNow(): string[] {
    const values = this.secretValues();
    const id = values.join('\u0000');
    if (this.formsCache?.id !== id)
      this.formsCache = { id, forms: allSecretForms(values, MIN_REDACT_LENGTH) };
    return this.formsCache.forms;
  }

  /** Known secret values, longest first. */
  private secretValues(): string[] {
    const pairs = new Map<string, string>();
    let fileKeys: Map<string, string>;
    try {
      fileKeys = this.load();
    } catch {
      fileKeys = new Map();
    }
    for (const [name, value] of fileKeys) pairs.set(value, name);
    for (const name of this.requested) {
      const v = this.env[name];
      if (v !== undefined && v !== '') pairs.set(v, name);
    }
    return [...pairs.keys()].filter((v) => v.length >= MIN_REDACT_LENGTH).sort((a, b) => b.length - a.length);
  }

  private load(): Map<string, string> {
    if (this.fileKeys) return this.fileKeys;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.fileKeys = new Map());
      throw new KeyStoreError(`key file ${this.path}: cannot read it (${(err as Error).message})`);
    }
    this.tightenMode();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // The parser's message may quote the file's content, which holds secrets: say only where.
      throw new KeyStoreError(
        `key file ${this.path}: not valid JSON; fix or delete it (it should be {"keys": {"NAME": "value"}})`,
      );
    }
    const keys = (parsed as { keys?: unknown } | null)?.keys;
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
      throw new KeyStoreError(`key file ${this.path}: expected {"keys": {"NAME": "value"}}`);
    }
    const map = new Map<string, string>();
    for (const [name, value] of Object.entries(keys)) {
      if (!NAME_RE.test(name) || typeof value !== 'string' || value === '') {
        throw new KeyStoreError(
          `key file ${this.path}: entry "${name.slice(0, 64)}" is not a NAME with a non-empty string value`,
        );
      }
      map.set(name, value);
    }
    return (this.fileKeys = map);
  }

  /** A file others can read is fixed rather than refused: refusing would only lock the user out. */
  private tightenMode(): void {
    if (process.platform === 'win32') return;
    const mode = statSync(this.path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      chmodSync(this.path, 0o600);
      this.warn(`key file ${this.path} was readable by others (mode ${mode.toString(8)}); set to 600`);
    }
  }

  private save(keys: Map<string, string>): void {
    const dir = dirname(this.path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const body = `${JSON.stringify({ keys: Object.fromEntries(keys) }, null, 2)}\n`;
    // Written under a temporary name with the final mode from the start, then renamed, so the
    // secret is never readable by others and a crash never leaves half a file.
    writeFileSync(tmp, body, { mode: 0o600 });
    if (process.platform !== 'win32') chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
    this.fileKeys = keys;
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new KeyStoreError(
      `key name "${String(name).slice(0, 64)}": use letters, digits and _ (not starting with a digit)`,
    );
  }
}

let shared: KeyStore | null = null;

/**
 * The process's key store (default file, process environment), created on first use: main's
 * loggers and the session host share it, so a key the registry reads is a key the logs redact.
 */
export function sharedKeyStore(): KeyStore {
  return (shared ??= new KeyStore());
}

/** The redactor of a key source: its own values when it knows them, key-like patterns always. */
export function redactorOf(keys: KeySource | null): (text: string) => string {
  return (text) => {
    try {
      return keys?.redact ? keys.redact(text) : redactSecretPatterns(text);
    } catch {
      return redactSecretPatterns(text);
    }
  };
}
