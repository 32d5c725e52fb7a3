import { parentPort } from 'node:worker_threads';
import { filterRowsInto, type DepthView } from './consistency-filter.js';
import { viewsFromShared, type ConsistencyInit, type ConsistencyTask, type SharedView } from './consistency-task.js';

let views: DepthView[] = [];
let shared: readonly SharedView[] = [];
let options: ConsistencyInit['options'] = {};

parentPort?.on('message', (message: { init?: ConsistencyInit; task?: ConsistencyTask }) => {
  try {
    if (message.init) {
      shared = message.init.views;
      views = viewsFromShared(shared);
      options = message.init.options;
      return;
    }
    const task = message.task;
    if (task === undefined) return;
    const reference = views[task.ref];
    filterRowsInto(reference, views.filter((v) => v !== reference), options, [task.r0, task.r1], shared[task.ref].out);
    parentPort?.postMessage({ id: task.id });
  } catch (error) {
    parentPort?.postMessage({ id: message.task?.id ?? -1, error: error instanceof Error ? error.message : String(error) });
  }
});
