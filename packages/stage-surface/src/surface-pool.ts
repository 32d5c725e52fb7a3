import { WorkerPool, withWorkerPool } from '@aquamvs/core';
import type { CgApplyTask, CgDirectionTask, SplatTask } from './splat-task.js';

/** A task function of `surface-worker.js`, and the task it takes. */
interface SurfaceTasks {
  splatSlab: SplatTask;
  cgApply: CgApplyTask;
  cgDirection: CgDirectionTask;
}

/**
 * The surface stage's worker threads for a whole run: `size` piscina workers, started on the first parallel job and
 * kept until {@link SurfacePool.close}, so every frame reuses the same threads (as the fusion stage's pool does).
 * @example
 * const pool = new SurfacePool(2);
 * const mesh = await reconstructPoisson(cloud, { workers: pool });
 * await pool.close();
 */
export class SurfacePool extends WorkerPool<SurfaceTasks> {
  constructor(size: number) {
    super(size, import.meta.url, 'surface-worker.js');
  }
}

/**
 * Calls `job` with `workers` (a run's pool) or with a pool of `workers` threads closed afterwards; resolves
 * `undefined` without calling it when the pool has no worker threads (the caller then runs in this thread).
 */
export async function withSurfacePool<T>(workers: number | SurfacePool, job: (pool: SurfacePool) => Promise<T>): Promise<T | undefined> {
  return withWorkerPool(workers, (size) => new SurfacePool(size), job);
}
