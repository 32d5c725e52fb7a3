import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config-to-yaml.js';
import { effectiveWorkers } from './effective-workers.js';

describe('effectiveWorkers', () => {
  it('uses runtime.workers when set and the CPU count when null', () => {
    const c = defaultConfig();
    expect(effectiveWorkers(c)).toBe(availableParallelism());
    c.runtime.workers = 3;
    expect(effectiveWorkers(c)).toBe(3);
  });
});
