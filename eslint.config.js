// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/consistent-type-exports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // strictTypeChecked, relaxed only where a rule fights a choice this repo made on purpose:
      // - numbers in messages are formatted by the template on purpose, and a message that shows a missing flag as
      //   `undefined` or a signal-killed ffmpeg's exit code as `null` says what happened; objects and arrays
      //   (`[object Object]`) stay forbidden.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowNullish: true }],
      // - `(x) => set.add(x)` style arrow shorthands are idiomatic here; a void *statement* position is still checked.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // - tsconfig keeps noUncheckedIndexedAccess off (numeric kernels index typed arrays in hot loops), so `a[i]` is
      //   typed as present and the rule would call every bounds guard "unnecessary"; values parsed from YAML, JSON and
      //   worker messages are likewise typed as what they should be, and their guards are the point.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // - config migration and calibration fixtures delete keys of plain records parsed from YAML/JSON by name.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // - a type parameter used once still lets a caller pin a literal type (`ArtifactKey`, worker task kinds).
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(fs|path|os|url|child_process|worker_threads|crypto|util|stream|events|zlib|readline|perf_hooks|async_hooks|module|assert|process|v8|tty)(/.*)?$',
              message: 'Use the node: protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.bench.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Tests read back what they just produced: a `!` there fails the test loudly if it is missing, and test doubles
    // are plain objects standing in for a class instance.
    files: ['**/*.test.ts', '**/test-support/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
