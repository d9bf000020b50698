/**
 * A test file that shares its process with others (vitest.config.ts's `shared` project) must not
 * change what the next file sees: this fails, naming the file, when one mocks modules, stubs
 * globals or env, fakes timers, adds process handlers or counts garbage — such a file belongs in
 * ISOLATED (tests/vitest-projects.ts), or its next neighbour fails one run in N. A file in
 * VM_ISOLATED (`vm` project) has its own modules and globals but shares the process: it may mock
 * modules, stub globals and fake timers, but not touch the process (env, handlers, garbage).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { ISOLATED, VM_ISOLATED } from './vitest-projects';

const root = resolve(__dirname, '..');

/** What a VM context keeps to itself: its module registry and its global object. */
const CONTEXT_WIDE: Array<[RegExp, string]> = [
  [/\bvi\.(mock|doMock|unmock|stubGlobal|useFakeTimers|setSystemTime)\(/, 'vi mocks, stubs or fake timers'],
];

const PROCESS_WIDE: Array<[RegExp, string]> = [
  [/\bvi\.stubEnv\(/, 'a process.env stub'],
  [/\bprocess\.(on|once|addListener|prependListener)\(/, 'a process handler'],
  [
    /\bprocess\.env\.[A-Za-z_]+\s*=[^=]|\bprocess\.env\[[^\]]+\]\s*=[^=]|delete process\.env/,
    'a process.env change',
  ],
  [/\bprocess\.chdir\(|\bprocess\.exitCode\s*=/, 'process state'],
  [/--expose-gc|\bWeakRef\b|FinalizationRegistry|\bheapUsed\b/, 'counting garbage'],
];

function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.test\.tsx?$/.test(f) && !f.split(/[\\/]/).includes('node_modules'))
    .map((f) =>
      relative(root, join(root, dir, f))
        .split('\\')
        .join('/'),
    );
}

describe('unit test projects', () => {
  const isolated = picomatch(ISOLATED);
  const vm = picomatch(VM_ISOLATED);
  const all = [...testFiles('src'), ...testFiles('tests')];

  it('every file that changes process-wide state runs in a process of its own', () => {
    const offenders: string[] = [];
    for (const file of all) {
      // this file names the patterns it looks for
      if (isolated(file) || file === 'tests/vitest-projects.test.ts') continue;
      const text = readFileSync(join(root, file), 'utf8');
      const forbidden = vm(file) ? PROCESS_WIDE : [...CONTEXT_WIDE, ...PROCESS_WIDE];
      for (const [pattern, what] of forbidden)
        if (pattern.test(text)) offenders.push(`${file}: ${what} — add it to ISOLATED`);
    }
    expect(offenders).toEqual([]);
  });

  it('names only files that exist', () => {
    for (const pattern of [...ISOLATED, ...VM_ISOLATED]) {
      const match = picomatch(pattern);
      expect(
        all.some((f) => match(f)),
        pattern,
      ).toBe(true);
    }
  });
});
