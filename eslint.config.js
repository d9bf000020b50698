// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import boundaries from './scripts/eslint/boundaries.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      'bench/peer/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    plugins: { boundaries },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Architecture boundary: the engine is pure Node and knows nothing of the studio around it.
  {
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The engine is pure Node: no electron.' }],
          patterns: [{ group: ['react', 'react-dom', 'react/*'], message: 'The engine has no UI.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        ...['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'performance'].map((name) => ({
          name,
          message: 'The engine reads time only through the injected Clock (architecture §3.2).',
        })),
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'The engine reads time only through the injected Clock.',
        },
        {
          object: 'performance',
          property: 'now',
          message: 'The engine reads time only through the injected Clock.',
        },
      ],
      'boundaries/no-cross-boundary': [
        'error',
        {
          zones: [
            {
              target: 'src/main/engine',
              from: [
                'src/main/studio',
                'src/main/io',
                'src/main/providers',
                'src/main/simulation',
                'src/main/agents-config',
                'src/main/transport',
                'src/renderer',
                'src/preload',
                'src/main/index.ts',
              ],
              message:
                'The engine must not import studio/, io/, providers/, simulation/, agents-config/, transport/ or UI code.',
            },
          ],
        },
      ],
    },
  },
  // The clocks themselves are where real time enters the engine.
  {
    files: ['src/main/engine/base/clock.ts', 'src/main/engine/base/virtual-clock.ts'],
    rules: { 'no-restricted-globals': ['error', 'window', 'document'], 'no-restricted-properties': 'off' },
  },
  // Providers, simulation and io implement engine interfaces; they never reach into the studio.
  {
    files: [
      'src/main/providers/**/*.ts',
      'src/main/simulation/**/*.ts',
      'src/main/agents-config/**/*.ts',
      'src/main/io/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Providers, simulation and io are pure Node.' }] },
      ],
      'boundaries/no-cross-boundary': [
        'error',
        {
          zones: ['src/main/providers', 'src/main/simulation', 'src/main/agents-config', 'src/main/io'].map(
            (target) => ({
              target,
              from: [
                'src/main/studio',
                'src/main/transport',
                'src/renderer',
                'src/preload',
                'src/main/index.ts',
              ],
              message:
                'Providers, simulation and io implement engine interfaces and never reach into the studio.',
            }),
          ),
        },
      ],
    },
  },
  // Shared holds types, schemas and constants only.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'shared/ runs in the renderer too.' })),
            { name: 'electron' },
          ],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'shared/ depends on nothing.',
            },
          ],
        },
      ],
    },
  },
  // The renderer sees the studio only through the shared contract.
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through window.studio.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node.' })),
          ],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer sees main only through src/shared.',
            },
            { group: ['node:*'], message: 'The renderer has no Node.' },
          ],
        },
      ],
    },
  },
);
