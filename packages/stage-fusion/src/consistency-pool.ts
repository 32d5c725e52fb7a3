import { filterAllDepthMaps, ROW_BOUNDS_STRIDE, type ConsistencyOptions, type DepthView, type FilteredDepthMap } from './consistency-filter.js';
import type { ConsistencyInit, ConsistencyTask, SharedView } from './consistency-task.js';
import { paramsOf, shareArray } from './thread-data.js';
import { withFusionPool } from './with-fusion-pool.js';
import type { FusionPool } from './fusion-pool.js';

/** Rows per task: small enough to balance a few workers, large enough to keep messaging negligible. */
const ROWS_PER_TASK = 64;

/**
 * {@link filterAllDepthMaps} on worker threads: depth maps and outputs live in SharedArrayBuffers, the work is split
 * into bands of rows of every reference and handed to `workers`, a run's {@link FusionPool} or a thread count (a pool
 * for this call only). Results are identical to the sequential filter. With one thread (or the worker script not
 * built) it runs in this thread.
 * @example
 * const filtered = await filterAllDepthMapsParallel(views, { minConsistentViews: 3 }, 4);
 */
export async function filterAllDepthMapsParallel(
  views: readonly DepthView[],
  options: ConsistencyOptions = {},
  workers: number | FusionPool = 1,
): Promise<Map<string, FilteredDepthMap>> {
  if (views.length < 2) return filterAllDepthMaps(views, options);
  const filtered = await withFusionPool(workers, (pool) => filterOnPool(pool, views, options));
  return filtered ?? filterAllDepthMaps(views, options);
}

async function filterOnPool(pool: FusionPool, views: readonly DepthView[], options: ConsistencyOptions): Promise<Map<string, FilteredDepthMap>> {
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
        consistency: shareArray(new Int32Array(options.fullCounts === false ? 0 : n)),
        rowBounds: new Float64Array(new SharedArrayBuffer(height * ROW_BOUNDS_STRIDE * 8)),
      },
    };
  });
  const init: ConsistencyInit = { views: shared, options };
  const job = pool.nextJob();
  const tasks: ConsistencyTask[] = [];
  shared.forEach((v, ref) => {
    for (let r0 = 0; r0 < v.depthMap.height; r0 += ROWS_PER_TASK) {
      tasks.push({ job, init, ref, r0, r1: Math.min(v.depthMap.height, r0 + ROWS_PER_TASK) });
    }
  });
  await pool.run('filterRows', tasks);
  return new Map(shared.map((v) => [v.name, v.out]));
}
