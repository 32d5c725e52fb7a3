import { withWorkerPool } from '@aquamvs/core';
import { FusionPool } from './fusion-pool.js';

/**
 * Calls `job` with `workers` (a run's pool) or with a pool of `workers` threads closed afterwards; resolves
 * `undefined` without calling it when the pool has no worker threads (the caller then runs in this thread).
 */
export async function withFusionPool<T>(workers: number | FusionPool, job: (pool: FusionPool) => Promise<T>): Promise<T | undefined> {
  return withWorkerPool(workers, (size) => new FusionPool(size), job);
}
