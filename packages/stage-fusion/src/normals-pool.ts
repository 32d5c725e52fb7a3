import { reviveWorkerError, workerScriptUrl } from '@aquamvs/core';
import { Piscina } from 'piscina';
import { estimateNormals, type EstimateNormalsOptions } from './estimate-normals.js';
import { shareArray } from './consistency-task.js';

/** What a normals worker receives once: the points and the output on SharedArrayBuffers. */
export interface NormalsInit {
  readonly points: Float64Array;
  readonly normals: Float32Array;
  readonly options: Omit<EstimateNormalsOptions, 'grid'>;
}

/** One unit of work: points `[i0, i1)`. */
export interface NormalsTask {
  readonly i0: number;
  readonly i1: number;
}

/** Points per task: a few dozen tasks on a large cloud keep both threads busy to the end. */
const POINTS_PER_TASK = 65_536;
/** Below this many points a thread pool costs more than it saves. */
const MIN_PARALLEL_POINTS = 200_000;

/**
 * {@link estimateNormals} on `workers` threads: identical results, the points shared through a SharedArrayBuffer and
 * each thread building its own neighbour grid once (O(N), a small share of the k-NN work). Small clouds, `workers ≤ 1`
 * or an unbuilt worker script run in this thread.
 * @example
 * const normals = await estimateNormalsParallel(cloud.positions, { radius: 0.005 }, 2);
 */
export async function estimateNormalsParallel(points: Float64Array, options: Omit<EstimateNormalsOptions, 'grid'>, workers = 1): Promise<Float32Array> {
  const n = Math.floor(points.length / 3);
  const url = workerScriptUrl(import.meta.url, 'normals-worker.js');
  if (workers <= 1 || n < MIN_PARALLEL_POINTS || url === null) return estimateNormals(points, options);
  const init: NormalsInit = { points: shareArray(points), normals: shareArray(new Float32Array(n * 3)), options };
  const tasks: NormalsTask[] = [];
  for (let i0 = 0; i0 < n; i0 += POINTS_PER_TASK) tasks.push({ i0, i1: Math.min(n, i0 + POINTS_PER_TASK) });
  const size = Math.min(workers, tasks.length);
  const pool = new Piscina<NormalsTask, void>({ filename: url.href, minThreads: size, maxThreads: size, workerData: init, recordTiming: false });
  try {
    await Promise.all(tasks.map((task) => pool.run(task))).catch(reviveWorkerError);
  } finally {
    await pool.destroy();
  }
  return init.normals;
}
