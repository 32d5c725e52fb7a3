import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The RSS-peak test frees memory mid-stage with global.gc().
      execArgv: ['--expose-gc'],
    },
  }),
);
