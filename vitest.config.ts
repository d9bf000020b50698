import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests never read or write the user's studio folders (recordings, presets, keys): every run gets
// its own, which child processes spawned by tests (CLI, web mode) inherit too.
const scratch = mkdtempSync(join(tmpdir(), 'studio-vitest-'));

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    env: {
      STUDIO_RECORDINGS_DIR: join(scratch, 'recordings'),
      STUDIO_PRESETS_DIR: join(scratch, 'presets'),
      VOICE_AGENT_STUDIO_KEY_FILE: join(scratch, 'keys.json'),
    },
  },
});
