/**
 * How the unit tests are split between processes (vitest.config.ts's projects `shared`, `vm` and
 * `isolated`): one list each, so the config and the check that keeps it honest read the same thing.
 */
/**
 * Test files that need a fresh module graph and global object but not a process (the `vm`
 * project, pool vmForks: each file gets a new VM context in a reused process): the renderer's —
 * the window's store, replay and audio are module singletons, and two files mock modules or fake
 * timers, all of which live in the context. A process per file cost them ~22 CPU-s for 69 files,
 * a context per file ~10 (measured on the 2-core machine, gauge 0.5 s). The process itself
 * (process.env, its handlers, the heap) is shared, so `vitest-projects.test.ts` fails for a file
 * here that touches it: such a file belongs in ISOLATED.
 */
export const VM_ISOLATED = ['src/renderer/**/*.test.{ts,tsx}'];

/**
 * Test files that need a process of their own (the `isolated` project): files that mock modules,
 * stub globals, timers or env, or install process handlers, the re-run goldens (they pin the
 * engine's id counters from a fresh start) and the tests that count what the garbage collector
 * left (a shared heap holds other files' leftovers). Every other file shares its worker's process with the
 * files before it (`isolate: false`): a fresh process per file cost ~0.25 CPU-s each — measured,
 * the whole suite took 200 CPU-s isolated and 81 shared, on a machine with 2 cores. Those files
 * must not depend on what ran before them: `npx vitest run --project shared --sequence.shuffle.files
 * --sequence.seed=N` checks it (12 seeds passed when this was set up), and
 * `vitest-projects.test.ts` fails for a shared file that mocks, stubs, fakes timers, sets env,
 * adds process handlers or counts garbage.
 */
export const ISOLATED = [
  'src/cli/in-process.test.ts',
  'src/cli/commands/export-targets.test.ts',
  'src/main/providers/openai/factory.test.ts',
  'src/main/engine/base/tasks.test.ts',
  'src/main/engine/base/async-iter.test.ts',
  'src/main/simulation/demo-soak.test.ts',
  'src/main/recording/writer-failure.test.ts',
  'src/main/replay/rerun-golden.test.ts',
  'src/main/simulation/scenario-runner-v2.test.ts',
];
