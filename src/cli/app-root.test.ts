import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appVersionFrom, findAppRoot } from './app-root';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'app-root-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'voice-agent-studio', version: '9.8.7' }));
  mkdirSync(join(root, 'out', 'main', 'chunks'), { recursive: true });
  mkdirSync(join(root, 'src', 'cli', 'commands'), { recursive: true });
  // A dependency's package.json on the way up must not be taken for the studio's.
  mkdirSync(join(root, 'node_modules', 'dep', 'dist'), { recursive: true });
  writeFileSync(
    join(root, 'node_modules', 'dep', 'package.json'),
    JSON.stringify({ name: 'dep', version: '1.0.0' }),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findAppRoot / appVersionFrom', () => {
  it('finds the studio folder from the source tree and from every depth of the build output', () => {
    for (const start of [['src', 'cli', 'commands'], ['out', 'main'], ['out', 'main', 'chunks'], []]) {
      expect(findAppRoot(join(root, ...start))).toBe(root);
      expect(appVersionFrom(join(root, ...start))).toBe('9.8.7');
    }
  });

  it("passes by another package's package.json", () => {
    expect(findAppRoot(join(root, 'node_modules', 'dep', 'dist'))).toBe(root);
  });

  it("says 'unknown' (and null) when no studio package.json is above", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'no-app-root-'));
    try {
      expect(findAppRoot(elsewhere)).toBeNull();
      expect(appVersionFrom(elsewhere)).toBe('unknown');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("finds this repository's own version from this folder", () => {
    const repo = resolve(import.meta.dirname, '..', '..');
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(findAppRoot(import.meta.dirname)).toBe(repo);
    expect(appVersionFrom(import.meta.dirname)).toBe(pkg.version);
  });
});
