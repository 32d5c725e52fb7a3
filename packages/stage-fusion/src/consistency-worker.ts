import { workerData } from 'node:worker_threads';
import { cloneableWorkerError } from '@aquamvs/core';
import { filterRowsInto } from './consistency-filter.js';
import { viewsFromShared, type ConsistencyInit, type ConsistencyTask } from './consistency-task.js';

// The views and options come once per pool as workerData; tasks only name rows of a reference view.
const init = workerData as ConsistencyInit;
const views = viewsFromShared(init.views);

/** Filters rows `[r0, r1)` of reference view `ref` into its shared output maps. */
export default function filterRows(task: ConsistencyTask): void {
  try {
    const reference = views[task.ref];
    filterRowsInto(reference, views.filter((v) => v !== reference), init.options, [task.r0, task.r1], init.views[task.ref].out);
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}
