// The architecture's import boundaries as allow-lists (docs/architecture.md §2), checked by
// eslint-plugin-boundaries: every file belongs to one layer, and a layer may import only what its
// policy names — anything not named is refused, so a new hole has to be written down to exist.
// Time is guarded separately (the clock rules in eslint.config.js): no plugin reads globals.
import boundaries from 'eslint-plugin-boundaries';

/** Layers, by folder. The first match wins, so the engine's doors come before the engine. */
const layers = [
  ['engine', 'src/main/engine'],
  ['shared', 'src/shared'],
  ['preload', 'src/preload'],
  ['renderer', 'src/renderer'],
  ['providers', 'src/main/providers'],
  ['simulation', 'src/main/simulation'],
  ['agents-config', 'src/main/agents-config'],
  ['io', 'src/main/io'],
  ['studio', 'src/main/studio'],
  ['recording', 'src/main/recording'],
  ['replay', 'src/main/replay'],
  ['export', 'src/main/export'],
  ['transport', 'src/main/transport'],
  ['cli', 'src/cli'],
  ['app', 'src/main'],
  ['tooling', '{tests,e2e,bench,scripts}'],
].map(([type, pattern]) => ({ type, pattern, partialMatch: false }));

/** File kinds inside the layers: the engine's two doors, tests and the test-support rooms. */
const files = [
  { category: 'engine-door', pattern: 'src/main/engine/index.ts' },
  { category: 'engine-testing-door', pattern: 'src/main/engine/testing/index.ts' },
  { category: 'test', pattern: '**/*.test.{ts,tsx}' },
  // The scripted-provider kit runs scenarios and the studio's `simulated` provider: product code
  // that lives beside the rigs it serves, reached from outside only through engine/index.ts.
  {
    category: 'scripted-kit',
    pattern: 'src/main/engine/testing/scripted/**',
    stopMatching: true,
  },
  { category: 'testing', pattern: '**/testing/**' },
  { category: 'test', pattern: '{tests,e2e,bench,scripts}/**' },
  // Every other file is product code (a file with no category would match no selector at all).
  { category: 'product', pattern: '**' },
];

const layer = (...types) => ({ element: { types: { anyOf: types } } });
const npm = (...sources) => ({ module: { origin: ['external', 'core'], source: sources } });
/** Tests and test support: may also import testing rooms and the engine's internals. */
const testCode = { file: { categories: { anyOf: ['test', 'testing'] } } };
const productCode = { file: { categories: { noneOf: ['test', 'testing'] } } };

/** Layers outside the engine that use it: through its doors only (tests may look inside). */
const engineUsers = [
  'providers',
  'simulation',
  'agents-config',
  'io',
  'studio',
  'recording',
  'replay',
  'export',
  'transport',
  'cli',
  'app',
];
/** Node layers of main, each with the main-side layers it may use (besides engine and shared). */
const mainLayers = {
  providers: ['providers', 'io'],
  io: ['io'],
  simulation: ['simulation', 'providers', 'agents-config'],
  'agents-config': ['agents-config', 'providers'],
  recording: ['recording'],
  // A real-time re-run drives a studio LiveSession (studio/ in turn starts re-runs).
  replay: ['replay', 'recording', 'simulation', 'providers', 'agents-config', 'io', 'studio'],
  export: ['export', 'recording', 'io'],
  studio: ['studio', 'providers', 'simulation', 'agents-config', 'io', 'recording', 'replay', 'export'],
  transport: ['transport', 'studio', 'recording', 'replay', 'export'],
  cli: [
    'cli',
    'studio',
    'providers',
    'simulation',
    'agents-config',
    'io',
    'recording',
    'replay',
    'export',
    'transport',
    'app',
  ],
  app: ['app', 'studio', 'transport', 'recording', 'replay', 'export', 'providers'],
};

/** main's own helpers that every Node layer may use: the logger, private files, secret forms. */
const mainHelpers = { file: { path: 'src/main/{log,private-files,secret-forms}.ts' } };

// Cost: the plugin matches every import against every allow/disallow entry of every policy (no
// early exit: the last policy that matches decides), and each match copies the dependency's
// description several times. So the policies below are written with as few entries as express
// the same verdicts: what several layers share is one entry naming them all, never one per layer.
// Only the order of disallow policies matters (an allow after them overrides them), so allow-only
// policies between two disallows may be merged or split freely. 93 entries in 38 policies before,
// the same verdicts now in 32 entries (checked on 44,000 probe imports: same refusals, messages),
// and `eslint .` went from ~91 to ~71 CPU-s (three paired runs on the 2-core machine).
const policies = [
  // The engine: itself, the shared contract, and three packages. Its testing room is for tests
  // (engine tests reach all of the engine through the tests policy further down).
  {
    from: layer('engine'),
    allow: [
      { to: { ...layer('engine'), ...productCode } },
      { to: layer('shared') },
      { to: npm('node:async_hooks', 'ajv', 're2js') },
    ],
  },
  // Inside the engine nothing imports the door: it re-exports everything (a cycle waiting).
  {
    from: layer('engine'),
    disallow: { to: { file: { categories: 'engine-door' } } },
    message: 'Files inside the engine import each other directly, never engine/index.ts.',
  },
  // Shared: types, schemas and constants, for main and renderer alike.
  { from: layer('shared'), allow: [{ to: layer('shared') }, { to: npm('zod') }] },
  // Preload: electron and the shared contract's types.
  {
    from: layer('preload'),
    allow: [
      { to: layer('preload') },
      { to: layer('shared'), dependency: { kind: 'type' } },
      { to: npm('electron') },
    ],
  },
  // Renderer: its own folder, the shared contract and its UI packages.
  {
    from: layer('renderer'),
    allow: [
      { to: layer('renderer', 'shared') },
      { to: npm('react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts', 'zod') },
    ],
  },
  // Main's layers: the engine through its doors, main's helpers and any package or Node built-in
  // (which packages a provider uses is not an architecture question) — one policy for them all —
  // then each its allowed neighbours and the shared contract.
  {
    from: layer(...Object.keys(mainLayers)),
    allow: [
      { to: { ...layer('engine'), file: { categories: 'engine-door' } } },
      { to: mainHelpers },
      { to: npm('**') },
    ],
  },
  ...Object.entries(mainLayers).map(([from, to]) => ({
    from: layer(from),
    allow: { to: layer(...to, 'shared') },
  })),
  // The IPC transport checks senders with the window's security rules; the CLI opens a browser.
  { from: layer('transport'), allow: { to: { file: { path: 'src/main/security.ts' } } } },
  { from: layer('cli'), allow: { to: { file: { path: 'src/main/open-browser.ts' } } } },

  // Only the Electron entry, the IPC transport and preload talk to Electron.
  {
    from: layer(...Object.keys(mainLayers).filter((type) => !['app', 'transport'].includes(type))),
    disallow: { to: npm('electron') },
    message: 'Only the Electron entry (src/main/*.ts), transport/ and preload/ import electron.',
  },
  // Tests and test support anywhere in src/: the shared contract, fixtures (tooling) and any
  // package (vitest, node:*, electron). In main they may look anywhere in main (internals,
  // fixtures, test servers); in shared, preload and renderer their own layer, which the layer's
  // own policy above allows to every file in it.
  {
    from: { ...layer(...layers.map(({ type }) => type)), ...testCode },
    allow: [{ to: layer('shared', 'tooling') }, { to: npm('**') }],
  },
  {
    from: { ...layer('engine', ...engineUsers), ...testCode },
    allow: { to: layer('engine', ...engineUsers) },
  },
  // Product code never imports test support, in any layer.
  {
    from: productCode,
    disallow: { to: testCode },
    message: 'Product code never imports test support (testing/ rooms, *.test files).',
  },
];

export default [
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      'boundaries/files': files,
      // No selector here uses the legacy ${...} templates: skip their conversion on every match.
      'boundaries/legacy-templates': false,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          checkAllOrigins: true,
          checkInternals: true,
          checkUnknownLocals: true,
          message:
            "'{{ dependency.source }}' is not on the allow-list of {{ from.element.type }}/ (docs/architecture.md §2; scripts/eslint/zones.js)",
          policies,
        },
      ],
    },
  },
];
