import { reviveWorkerError, WorkerActivity, workerScriptUrl, type WorkTiming } from '@aquamvs/core';
import { Piscina } from 'piscina';
import type { ConsistencyTask } from './consistency-task.js';
import type { PointTask } from './point-task.js';

/** A task function of `fusion-worker.js`, and the task it takes. */
interface FusionTasks {
  filterRows: ConsistencyTask;
  pointRange: PointTask;
}

/**
 * The fusion stage's worker threads for a whole run: `size` piscina workers, started on the first parallel job and
 * kept until {@link FusionPool.close}, so every frame reuses the same threads. Threads started and ended per frame
 * leave the process's native heap fragmented: RSS grew with every frame of a long run. Each job gets a number; a
 * worker rebuilds its per-job state (projection models, neighbour grid) when the number changes.
 * @example
 * const pool = new FusionPool(4);
 * const filtered = await filterAllDepthMapsParallel(views, { minConsistentViews: 3 }, pool);
 * await pool.close();
 */
export class FusionPool {
  /** Worker threads (1: everything runs in the calling thread). */
  readonly size: number;
  readonly #url: URL | null;
  #pool: Piscina | undefined;
  #jobs = 0;
  /** When each worker thread was busy since the last {@link FusionPool.takeActivity}. */
  readonly #activity = new WorkerActivity();

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size));
    this.#url = this.size > 1 ? workerScriptUrl(import.meta.url, 'fusion-worker.js') : null;
  }

  /** Whether jobs run on worker threads: `size > 1` and the worker script is built. */
  get isParallel(): boolean {
    return this.#url !== null;
  }

  /** A new job number, for the tasks of one job. @internal */
  nextJob(): number {
    return ++this.#jobs;
  }

  /** Runs every task of one job on the workers. @internal */
  async run<K extends keyof FusionTasks>(name: K, tasks: readonly FusionTasks[K][]): Promise<void> {
    if (this.#url === null) throw new Error('FusionPool.run: the pool has no worker threads');
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
