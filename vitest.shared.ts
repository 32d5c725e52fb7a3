import { defineConfig } from 'vitest/config';

/**
 * Test settings every package shares. Timeouts are generous because CI machines have 2 cores and turbo runs two
 * packages' suites at once; speed is measured by `pnpm bench`, never by test timeouts.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
