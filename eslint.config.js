// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import zones from './scripts/eslint/zones.js';

/** Real time enters the engine only through base/clock.ts and base/virtual-clock.ts. */
const clockMessage = 'The engine reads time only through the injected Clock (architecture §3.2).';
const timeGlobals = ['Date', 'performance', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'];

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
  // Import boundaries: allow-lists per layer (scripts/eslint/zones.js, docs/architecture.md §2).
  ...zones,
  // The engine is pure Node, has no UI, and reads time only through the injected clock: the bare
  // globals, Date in every form, and the same names reached through globalThis.
  {
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        ...timeGlobals.map((name) => ({ name, message: clockMessage })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[object.name=/^(globalThis|global|self)$/][property.name=/^(${timeGlobals.join('|')})$/]`,
          message: clockMessage,
        },
      ],
    },
  },
  // The clocks themselves are where real time enters the engine.
  {
    files: ['src/main/engine/base/clock.ts', 'src/main/engine/base/virtual-clock.ts'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document'],
      'no-restricted-syntax': 'off',
    },
  },
  // The renderer runs in a browser (its imports are an allow-list in zones.js: shared and UI packages).
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
