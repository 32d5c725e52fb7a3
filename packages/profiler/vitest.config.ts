import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The RSS-peak test frees memory mid-stage with global.gc().
    execArgv: ['--expose-gc'],
  },
});
