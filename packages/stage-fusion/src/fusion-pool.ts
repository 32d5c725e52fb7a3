import { WorkerPool } from '@aquamvs/core';
import type { ConsistencyTask } from './consistency-task.js';
import type { MergeTask, PlaceTask } from './merge-task.js';
import type { PointTask } from './point-task.js';

/** A task function of `fusion-worker.js`, and the task it takes. */
interface FusionTasks {
  filterRows: ConsistencyTask;
  mergeRows: MergeTask;
  placePositions: PlaceTask;
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
export class FusionPool extends WorkerPool<FusionTasks> {
  #jobs = 0;

  constructor(size: number) {
    super(size, import.meta.url, 'fusion-worker.js');
  }

  /** A new job number, for the tasks of one job. @internal */
  nextJob(): number {
    return ++this.#jobs;
  }
}
