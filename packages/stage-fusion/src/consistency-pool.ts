import { reviveWorkerError, workerScriptUrl } from '@aquamvs/core';
import { Piscina } from 'piscina';
import { filterAllDepthMaps, type ConsistencyOptions, type DepthView, type FilteredDepthMap } from './consistency-filter.js';
import { paramsOf, shareArray, type ConsistencyInit, type ConsistencyTask, type SharedView } from './consistency-task.js';

/** Rows per task: small enough to balance a few workers, large enough to keep messaging negligible. */
const ROWS_PER_TASK = 64;

/**
 * {@link filterAllDepthMaps} on `workers` threads: depth maps and outputs live in SharedArrayBuffers, the work is
 * split into bands of rows of every reference and handed to a piscina pool. Results are identical to the sequential
 * filter. With `workers ≤ 1` (or the worker script not built) it runs in this thread.
 * @example
 * const filtered = await filterAllDepthMapsParallel(views, { minConsistentViews: 3 }, 4);
 */
export async function filterAllDepthMapsParallel(
  views: readonly DepthView[],
  options: ConsistencyOptions = {},
  workers = 1,
): Promise<Map<string, FilteredDepthMap>> {
  const url = workerScriptUrl(import.meta.url, 'consistency-worker.js');
  if (workers <= 1 || views.length < 2 || url === null) return filterAllDepthMaps(views, options);
  const shared: SharedView[] = views.map((v) => {
    const { width, height } = v.depthMap;
    const n = width * height;
    return {
      name: v.name,
      params: paramsOf(v.projection),
      depthMap: { width, height, depth: shareArray(v.depthMap.depth), confidence: shareArray(v.depthMap.confidence) },
      out: {
        width,
        height,
        depth: shareArray(new Float32Array(n).fill(Number.NaN)),
        confidence: shareArray(new Float32Array(n)),
        consistency: shareArray(new Int32Array(n)),
      },
    };
  });
  const tasks: ConsistencyTask[] = [];
  shared.forEach((v, ref) => {
    for (let r0 = 0; r0 < v.depthMap.height; r0 += ROWS_PER_TASK) {
      tasks.push({ id: tasks.length, ref, r0, r1: Math.min(v.depthMap.height, r0 + ROWS_PER_TASK) });
    }
  });
  const size = Math.min(workers, tasks.length);
  const init: ConsistencyInit = { views: shared, options };
  const pool = new Piscina<ConsistencyTask, void>({ filename: url.href, minThreads: size, maxThreads: size, workerData: init, recordTiming: false });
  try {
    await Promise.all(tasks.map((task) => pool.run(task))).catch(reviveWorkerError);
  } finally {
    await pool.destroy();
  }
  return new Map(shared.map((v) => [v.name, v.out]));
}
