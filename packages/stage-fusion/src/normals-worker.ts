import { workerData } from 'node:worker_threads';
import { cloneableWorkerError } from '@aquamvs/core';
import { PointGrid } from '@aquamvs/geometry';
import { estimateNormalsInto } from './estimate-normals.js';
import type { NormalsInit, NormalsTask } from './normals-pool.js';

// Points, output and options come once per pool; each worker builds its own grid over the shared points once.
const init = workerData as NormalsInit;
const grid = new PointGrid(init.points, init.options.radius);

/** Normals of points `[i0, i1)` into the shared output. */
export default function normalsRange(task: NormalsTask): void {
  try {
    estimateNormalsInto(init.points, grid, init.options, [task.i0, task.i1], init.normals);
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}
