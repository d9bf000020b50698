import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultKeyFilePath, KeyStore, redactorOf } from './key-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const posix = process.platform !== 'win32';

describe('KeyStore', () => {
  it('reads the environment first, then the file', () => {
    const path = join(dir, 'keys.json');
    writeFileSync(
      path,
      JSON.stringify({ keys: { OPENAI_API_KEY: 'sk-from-file-123', OTHER: 'other-secret' } }),
      { mode: 0o600 },
    );
    const store = new KeyStore({ path, env: { OPENAI_API_KEY: 'sk-from-env-456' } });
    expect(store.get('OPENAI_API_KEY')).toBe('sk-from-env-456');
    expect(store.get('OTHER')).toBe('other-secret');
    expect(store.get('MISSING')).toBeUndefined();
    // An empty variable is "not set", as a shell user means by `export X=`.
    expect(new KeyStore({ path, env: { OPENAI_API_KEY: '' } }).get('OPENAI_API_KEY')).toBe(
      'sk-from-file-123',
    );
  });

  it('creates the file and its folder with owner-only modes and survives a reload', () => {
    const path = join(dir, 'nested', 'studio', 'keys.json');
    const store = new KeyStore({ path, env: {} });
    store.set('OPENAI_API_KEY', 'sk-saved-789');
    if (posix) {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'nested', 'studio')).mode & 0o077).toBe(0);
    }
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ keys: { OPENAI_API_KEY: 'sk-saved-789' } });
    expect(new KeyStore({ path, env: {} }).get('OPENAI_API_KEY')).toBe('sk-saved-789');
    expect(store.delete('OPENAI_API_KEY')).toBe(true);
    expect(store.delete('OPENAI_API_KEY')).toBe(false);
    expect(new KeyStore({ path, env: {} }).get('OPENAI_API_KEY')).toBeUndefined();
  });

  it('lists names and sources, never values', () => {
    const path = join(dir, 'keys.json');
    const store = new KeyStore({
      path,
      env: { OPENAI_API_KEY: 'sk-env-value-1', UNRELATED: 'not-a-key-value' },
    });
    store.set('GROQ_API_KEY', 'gsk-file-value-2');
    store.set('OPENAI_API_KEY', 'sk-file-value-3');
    const listed = store.list();
    expect(listed).toEqual([
      { name: 'GROQ_API_KEY', source: 'file' },
      { name: 'OPENAI_API_KEY', source: 'env' },
    ]);
    const text = JSON.stringify(listed);
    for (const v of ['sk-env-value-1', 'gsk-file-value-2', 'sk-file-value-3', 'not-a-key-value'])
      expect(text).not.toContain(v);
  });

  it('redacts every known key value, file and environment, longest first', () => {
    const path = join(dir, 'keys.json');
    const store = new KeyStore({
      path,
      env: { OPENAI_API_KEY: 'sk-abcdef', CUSTOM_KEY: 'zzz-custom-secret' },
    });
    store.set('LONGER', 'sk-abcdef-and-more');
    store.set('TINY', 'abc');
    expect(store.get('CUSTOM_KEY')).toBe('zzz-custom-secret');
    const line = 'auth sk-abcdef-and-more then sk-abcdef and zzz-custom-secret; abc stays';
    expect(store.redact(line)).toBe('auth [redacted] then [redacted] and [redacted]; abc stays');
    // A variable nobody asked for is not treated as a secret (the environment is full of paths).
    expect(
      new KeyStore({ path: join(dir, 'none.json'), env: { HOME_DIR: '/home/someone' } }).redact(
        '/home/someone',
      ),
    ).toBe('/home/someone');
  });

  it('redacts key-like patterns too, and never throws on a corrupt key file', () => {
    const path = join(dir, 'keys.json');
    writeFileSync(path, '{ not json', { mode: 0o600 });
    const store = new KeyStore({ path, env: { OPENAI_API_KEY: 'env-secret-value' } });
    const line =
      'HTTP 401: {"error":"bad key sk-proj-AbCdEf0123456789xyz"} Authorization: Bearer tok_0123456789abcdef; env-secret-value; task-scheduler and sk-learn stay';
    expect(store.redact(line)).toBe(
      'HTTP 401: {"error":"bad key [redacted]"} Authorization: Bearer [redacted]; [redacted]; task-scheduler and sk-learn stay',
    );
    expect(redactorOf(null)('key sk-0123456789abcdefghij')).toBe('key [redacted]');
    expect(redactorOf({ get: () => undefined })('plain text')).toBe('plain text');
  });

  it('fixes a key file others can read, and says so', () => {
    if (!posix) return;
    const path = join(dir, 'keys.json');
    writeFileSync(path, JSON.stringify({ keys: { A_KEY: 'value-123456' } }));
    chmodSync(path, 0o644);
    const warnings: string[] = [];
    expect(new KeyStore({ path, env: {}, warn: (m) => warnings.push(m) }).get('A_KEY')).toBe('value-123456');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(warnings[0]).toMatch(/readable by others \(mode 644\); set to 600/);
  });

  it('refuses bad names, empty values and a corrupt file with messages that quote no secret', () => {
    const path = join(dir, 'keys.json');
    const store = new KeyStore({ path, env: {} });
    expect(() => store.set('1BAD', 'x')).toThrow(/key name "1BAD": use letters, digits and _/);
    expect(() => store.set('GOOD', '  ')).toThrow(/key GOOD: the value is empty/);
    expect(() => store.set('GOOD', 'a\nb')).toThrow(/line break/);
    writeFileSync(path, '{"keys": {"A": "sk-secret-in-broken-json"', { mode: 0o600 });
    const broken = new KeyStore({ path, env: {} });
    let message = '';
    try {
      broken.get('A');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`key file ${path}: not valid JSON`);
    expect(message).not.toContain('sk-secret');
  });

  it('puts the file in the platform config directory', () => {
    expect(defaultKeyFilePath({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(
      '/cfg/voice-agent-studio/keys.json',
    );
    expect(defaultKeyFilePath({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain(
      'voice-agent-studio',
    );
    expect(defaultKeyFilePath({}, 'darwin')).toMatch(
      /Library\/Application Support\/voice-agent-studio\/keys\.json$/,
    );
    expect(
      defaultKeyFilePath({ VOICE_AGENT_STUDIO_KEY_FILE: '/tmp/k.json', XDG_CONFIG_HOME: '/cfg' }, 'linux'),
    ).toBe('/tmp/k.json');
  });
});
