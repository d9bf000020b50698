import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        // The Electron main process, and the studio CLI beside it (out/main/studio.js: what
        // `npm run web` and the e2e suite run under plain node, so no TypeScript loader at start)
        // with the worker its `rerun --jobs` starts from beside itself. Code both use lands in
        // shared chunks; only index.js imports electron.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          studio: resolve(__dirname, 'src/cli/studio.ts'),
          'rerun-worker': resolve(__dirname, 'src/cli/commands/rerun-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        // Rolldown's note that plugins took ~8 % of a 3 s build: nothing for a user to act on,
        // printed on every `npm start`, `npm run web` and `npm test`.
        checks: { bundlerTimings: false },
      },
    },
  },
});
