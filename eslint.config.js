import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const ELECTRON_PACKAGES = {
  group: ['electron', 'electron/*', 'electron-log', 'electron-log/*'],
  message: 'This code runs on plain Node: hand it a logger, paths or a port instead.',
};
const ELECTRON_FOLDER = {
  regex: '^(\\.{1,2}/)+electron(/|$)',
  message: 'src/main/electron adapts the other layers to Electron; they never reach back into it.',
};
const ENGINE_NEIGHBOURS = {
  regex: '^(\\.\\./)+(controller|results|cli|service)(/|$)',
  message:
    'The engine stands alone: the controller, results, service and command line use it, not the reverse.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,svelte}', 'test/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The renderer knows nothing of Node, and the engine nothing of Electron.
    files: ['src/renderer/**/*.{ts,svelte}', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'electron/*', 'electron-log', 'electron-log/*'],
              message: 'Only the contract in src/shared crosses into the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only src/main/electron (and the preload) may talk to Electron; every other main-process
    // folder, present or future, runs on plain Node and is fenced here.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ELECTRON_PACKAGES, ELECTRON_FOLDER] }] },
  },
  {
    // A later block replaces the rule's options rather than adding to them, so the engine's block
    // repeats the two fences above before its own.
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [ELECTRON_PACKAGES, ELECTRON_FOLDER, ENGINE_NEIGHBOURS] },
      ],
    },
  },
);
