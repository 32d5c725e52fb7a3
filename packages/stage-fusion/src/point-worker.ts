import { workerData } from 'node:worker_threads';
import { cloneableWorkerError } from '@aquamvs/core';
import { meanNeighborDistancesInto, outlierGrid, PointGrid } from '@aquamvs/geometry';
import { estimateNormalsInto } from './estimate-normals.js';
import type { PointPoolInit, PointTask } from './point-pool.js';

// Points, output and job come once per pool; each worker builds its own grid over the shared points once.
const { points, out, job } = workerData as PointPoolInit;
const grid = job.kind === 'normals' ? new PointGrid(points, job.options.radius) : outlierGrid(points, job.neighbors);

/** The job for points `[i0, i1)`, into the shared output. */
export default function pointRange(task: PointTask): void {
  try {
    const range = [task.i0, task.i1] as const;
    if (job.kind === 'normals') estimateNormalsInto(points, grid, job.options, range, out as Float32Array);
    else meanNeighborDistancesInto(points, grid, job.neighbors, range, out as Float64Array);
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}
