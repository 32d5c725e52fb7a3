import { reviveWorkerError, WorkerActivity, workerScriptUrl, type WorkTiming } from '@aquamvs/core';
import { Piscina } from 'piscina';
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
export class SurfacePool {
  /** Worker threads (1: everything runs in the calling thread). */
  readonly size: number;
  readonly #url: URL | null;
  #pool: Piscina | undefined;
  /** When each worker thread was busy since the last {@link SurfacePool.takeActivity}. */
  readonly #activity = new WorkerActivity();

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size));
    this.#url = this.size > 1 ? workerScriptUrl(import.meta.url, 'surface-worker.js') : null;
  }

  /** Whether jobs run on worker threads: `size > 1` and the worker script is built. */
  get isParallel(): boolean {
    return this.#url !== null;
  }

  /** Runs every task of one job on the workers. @internal */
  async run<K extends keyof SurfaceTasks>(name: K, tasks: readonly SurfaceTasks[K][]): Promise<void> {
    if (this.#url === null) throw new Error('SurfacePool.run: the pool has no worker threads');
    this.#pool ??= new Piscina({ filename: this.#url.href, minThreads: this.size, maxThreads: this.size, recordTiming: false });
    const pool = this.#pool;
    this.#activity.record(await Promise.all(tasks.map((task) => pool.run(task, { name }) as Promise<WorkTiming>)).catch(reviveWorkerError));
  }

  /**
   * Per worker thread, from its first task's start to its last task's end since the previous call (for a span on
   * the thread's own profiler track), and forgets them.
   */
  takeActivity(): WorkTiming[] {
    return this.#activity.take();
  }

  /** Ends the worker threads; a later job starts new ones. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.destroy();
  }
}

/**
 * Calls `job` with `workers` (a run's pool) or with a pool of `workers` threads closed afterwards; resolves
 * `undefined` without calling it when the pool has no worker threads (the caller then runs in this thread).
 */
export async function withSurfacePool<T>(workers: number | SurfacePool, job: (pool: SurfacePool) => Promise<T>): Promise<T | undefined> {
  const pool = typeof workers === 'number' ? new SurfacePool(workers) : workers;
  if (!pool.isParallel) return undefined;
  try {
    return await job(pool);
  } finally {
    if (pool !== workers) await pool.close();
  }
}
