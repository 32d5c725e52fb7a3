import { releaseThreads, reviveWorkerError, startWorkerThreads, timeWork, workerScriptUrl } from '@aquamvs/core';
import type { Piscina } from 'piscina';
import { releaseSweepThread, runSweepTask, type SweepTask, type TimedSweepResult } from './sweep-task.js';

/**
 * A piscina pool of `size` worker threads (started now, unref'd while idle) that sweep one reference camera each;
 * grey planes on `SharedArrayBuffer` memory are shared with the workers, not copied, and the result maps are
 * handed back on shared memory (for fusion's workers). `size ≤ 1` runs tasks in the calling thread. Results do not depend on the size.
 */
export class SweepPool {
  readonly size: number;
  readonly #pool: Piscina<SweepTask, TimedSweepResult> | undefined;

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size));
    if (this.size > 1) {
      this.#pool = startWorkerThreads(workerScriptUrl(import.meta.url, 'sweep-worker.js'), this.size);
    }
  }

  /** Sweeps one reference camera; says on which thread and when. */
  run(task: SweepTask): Promise<TimedSweepResult> {
    if (this.#pool === undefined)
      return Promise.resolve().then(() => {
        const { value, timing } = timeWork(() => runSweepTask(task));
        return { ...value, timing };
      });
    return this.#pool.run(task).catch(reviveWorkerError);
  }

  /** Has every worker (or this thread, without workers) drop its last reference's data and collect its garbage (the threads stay). */
  async release(): Promise<void> {
    if (this.#pool !== undefined) await releaseThreads(this.#pool, this.size);
    else releaseSweepThread();
  }

  /** Terminates the workers. */
  async close(): Promise<void> {
    await this.#pool?.destroy();
  }
}
