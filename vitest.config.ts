import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { ISOLATED, VM_ISOLATED } from './tests/vitest-projects.ts';

// Tests never read or write the user's studio folders (recordings, presets, keys): every run gets
// its own, which child processes spawned by tests (CLI, web mode) inherit too.
const scratch = mkdtempSync(join(tmpdir(), 'studio-vitest-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    // One worker per core: vitest's default leaves one core idle (2 cores -> 1 worker), and much of
    // the suite waits on child processes, sockets and model loads. Measured on the 2-core machine
    // (cli, tests, replay, recording, renderer: 438 tests, same load): 353 s with 1 worker, 172 s
    // with 2.
    maxWorkers: '100%',
    // Processes, not threads: native addons (onnxruntime), signal handlers and process-wide state.
    pool: 'forks',
    env: {
      STUDIO_RECORDINGS_DIR: join(scratch, 'recordings'),
      STUDIO_PRESETS_DIR: join(scratch, 'presets'),
      VOICE_AGENT_STUDIO_KEY_FILE: join(scratch, 'keys.json'),
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ISOLATED, ...VM_ISOLATED],
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED, isolate: true },
      },
      {
        extends: true,
        // A VM context per file in a reused process (see VM_ISOLATED).
        test: {
          name: 'vm',
          include: VM_ISOLATED,
          exclude: [...configDefaults.exclude, ...ISOLATED],
          pool: 'vmForks',
        },
      },
    ],
  },
});
