import {
  cloneableWorkerError,
  collectWorkerGarbage,
  releaseWorkerThread,
  timeWork,
  type ReleaseTask,
  type TimedValue,
  type WorkTiming,
} from '@aquamvs/core/worker';
import { estimateNormalsInto, PointGrid } from '@aquamvs/geometry';
import { filterRowsInto, type DepthView } from './consistency-filter.js';
import { viewsFromShared, type ConsistencyTask } from './consistency-task.js';
import { mergePart, type MergedPart, type MergeTask, type PlaceTask } from './merge-task.js';
import type { PointTask } from './point-task.js';

// Task functions of FusionPool's workers (picked by name). A worker keeps the state it built for the latest job of
// each kind (projection models, neighbour grid) and rebuilds it when a task of a new job arrives.
let consistency: { readonly job: number; readonly views: readonly DepthView[] } | undefined;
let points: { readonly job: number; readonly grid: PointGrid } | undefined;

/** Filters rows `[r0, r1)` of reference view `ref` into its shared output maps; says when it ran. */
export function filterRows(task: ConsistencyTask): WorkTiming {
  return timeWork(() => filterRowsTask(task)).timing;
}

function filterRowsTask(task: ConsistencyTask): void {
  try {
    if (consistency?.job !== task.job) {
      consistency = undefined;
      collectWorkerGarbage();
      consistency = { job: task.job, views: viewsFromShared(task.init.views) };
    }
    const { views } = consistency;
    const reference = views[task.ref];
    filterRowsInto(
      reference,
      views.filter((v) => v !== reference),
      task.init.options,
      [task.r0, task.r1],
      task.init.views[task.ref].out,
    );
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}

/** Merges one band of lattice rows from every view; says when it ran. */
export function mergeRows(task: MergeTask): TimedValue<MergedPart> {
  try {
    const merged = timeWork(() => mergePart(task));
    // The band's voxel sums (~60 bytes a voxel) are garbage now: freed before the main thread copies the bands together.
    collectWorkerGarbage(0);
    return merged;
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}

/** Copies a merged band's positions into the whole cloud's array: the fresh pages are touched on both threads at once. */
export function placePositions(task: PlaceTask): WorkTiming {
  return timeWork(() => task.target.set(task.source, task.offset)).timing;
}

/** The job's per-point work for points `[i0, i1)`, into the shared output; says when it ran. */
export function pointRange(task: PointTask): WorkTiming {
  return timeWork(() => pointRangeTask(task)).timing;
}

function pointRangeTask(task: PointTask): void {
  try {
    const { points: shared, grid, out, means, residuals, job } = task.init;
    if (points?.job !== task.job) {
      points = undefined;
      collectWorkerGarbage();
      points = { job: task.job, grid: new PointGrid(shared, grid.cell, grid) };
    }
    const range = [task.i0, task.i1] as const;
    const withMeans =
      job.meanNeighbors === undefined || means === undefined
        ? undefined
        : { neighbors: job.meanNeighbors, out: means, ...(residuals === undefined ? {} : { residuals }) };
    estimateNormalsInto(shared, points.grid, job.options, range, out, withMeans);
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}

/** Drops the views and the neighbour grid of the latest jobs and collects garbage (`FusionPool.release`). */
export function releaseWorker(task: ReleaseTask): void {
  releaseWorkerThread(task, () => {
    consistency = undefined;
    points = undefined;
  });
}
