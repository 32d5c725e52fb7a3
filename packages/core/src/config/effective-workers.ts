import { availableParallelism } from 'node:os';
import type { AquamvsConfig } from './schema.js';

/** `runtime.workers`, or the number of CPU cores when it is null. Always >= 1. */
export function effectiveWorkers(config: Pick<AquamvsConfig, 'runtime'>): number {
  return config.runtime.workers ?? Math.max(1, availableParallelism());
}
