import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { filterAllDepthMaps, type ConsistencyOptions, type DepthView, type FilteredDepthMap } from './consistency-filter.js';
import { paramsOf, shareArray, type ConsistencyTask, type SharedView } from './consistency-task.js';

/** The compiled worker script, also when this module runs from `src/` under a test runner (null if not built). */
function workerUrl(): URL | null {
  const sibling = new URL('./consistency-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const built = new URL('../dist/consistency-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : null;
}

/** Rows per task: small enough to balance a few workers, large enough to keep messaging negligible. */
const ROWS_PER_TASK = 64;

/**
 * {@link filterAllDepthMaps} on `workers` threads: depth maps and outputs live in SharedArrayBuffers, the work is
 * split into bands of rows of every reference and handed out from a queue. Results are identical to the sequential
 * filter. With `workers ≤ 1` (or the worker script not built) it runs in this thread.
 * @example
 * const filtered = await filterAllDepthMapsParallel(views, { minConsistentViews: 3 }, 4);
 */
export async function filterAllDepthMapsParallel(
  views: readonly DepthView[],
  options: ConsistencyOptions = {},
  workers = 1,
): Promise<Map<string, FilteredDepthMap>> {
  const url = workerUrl();
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
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () => new Worker(url));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const feed = (worker: Worker): void => {
        if (next < tasks.length) worker.postMessage({ task: tasks[next++] });
      };
      for (const worker of pool) {
        worker.on('error', reject);
        worker.on('message', (reply: { id: number; error?: string }) => {
          if (reply.error !== undefined) {
            reject(new Error(`consistency worker: ${reply.error}`));
            return;
          }
          if (++done === tasks.length) resolve();
          else feed(worker);
        });
        worker.postMessage({ init: { views: shared, options } });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return new Map(shared.map((v) => [v.name, v.out]));
}
