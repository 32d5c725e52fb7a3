import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Test settings every package shares. Tests assert behaviour, never speed (that is `pnpm bench`'s job): the limits
 * below only stop a hung test, far above what a 2-core machine running two suites at once under other load needs.
 * Tests set no limits of their own.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Fast exact equality of large numeric arrays in `toEqual` (see the file).
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
    // Every temporary file of the run under one directory, removed at its end (see the file).
    globalSetup: [fileURLToPath(new URL('./vitest.temp-root.ts', import.meta.url))],
    testTimeout: 1_200_000,
    hookTimeout: 1_200_000,
    // The JSON report is what `pnpm test` (scripts/test.mjs) summarises failures from at the end of the run.
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
