import { reviveWorkerError, workerScriptUrl } from '@aquamvs/core';
import { outlierVerdict, removeStatisticalOutliers, type OutlierRemoval, type RemoveOutliersOptions } from '@aquamvs/geometry';
import { Piscina } from 'piscina';
import { estimateNormals, type EstimateNormalsOptions } from './estimate-normals.js';
import { shareArray } from './consistency-task.js';

/** The per-point work a pool does: normals (N×3 float32 out) or the outlier filter's mean neighbour distances (N float64 out). */
export type PointJob =
  | { readonly kind: 'normals'; readonly options: Omit<EstimateNormalsOptions, 'grid'> }
  | { readonly kind: 'outlier-means'; readonly neighbors: number };

/** What a point worker receives once: the points and the output on SharedArrayBuffers, and the job. */
export interface PointPoolInit {
  readonly points: Float64Array;
  readonly out: Float32Array | Float64Array;
  readonly job: PointJob;
}

/** One unit of work: points `[i0, i1)`. */
export interface PointTask {
  readonly i0: number;
  readonly i1: number;
}

/** Points per task: a few dozen tasks on a large cloud keep every thread busy to the end. */
const POINTS_PER_TASK = 65_536;
/** Below this many points a thread pool costs more than it saves. */
const MIN_PARALLEL_POINTS = 200_000;

/**
 * Runs `job` over all points on `workers` threads into a shared copy of `out` and returns it, or `undefined` when it
 * should run in this thread (small clouds, `workers ≤ 1`, worker script not built). Each thread builds its own
 * neighbour grid over the shared points once (O(N), a small share of the k-NN work).
 */
async function runOverPoints<T extends Float32Array | Float64Array>(points: Float64Array, job: PointJob, out: T, workers: number): Promise<T | undefined> {
  const n = Math.floor(points.length / 3);
  const url = workerScriptUrl(import.meta.url, 'point-worker.js');
  if (workers <= 1 || n < MIN_PARALLEL_POINTS || url === null) return undefined;
  const init: PointPoolInit = { points: shareArray(points), out: shareArray(out), job };
  const tasks: PointTask[] = [];
  for (let i0 = 0; i0 < n; i0 += POINTS_PER_TASK) tasks.push({ i0, i1: Math.min(n, i0 + POINTS_PER_TASK) });
  const size = Math.min(workers, tasks.length);
  const pool = new Piscina<PointTask, void>({ filename: url.href, minThreads: size, maxThreads: size, workerData: init, recordTiming: false });
  try {
    await Promise.all(tasks.map((task) => pool.run(task))).catch(reviveWorkerError);
  } finally {
    await pool.destroy();
  }
  return init.out as T;
}

/**
 * {@link estimateNormals} on `workers` threads, identical results.
 * @example
 * const normals = await estimateNormalsParallel(cloud.positions, { radius: 0.005 }, 2);
 */
export async function estimateNormalsParallel(points: Float64Array, options: Omit<EstimateNormalsOptions, 'grid'>, workers = 1): Promise<Float32Array> {
  const out = await runOverPoints(points, { kind: 'normals', options }, new Float32Array(Math.floor(points.length / 3) * 3), workers);
  return out ?? estimateNormals(points, options);
}

/**
 * Geometry's `removeStatisticalOutliers` (Open3D `remove_statistical_outlier`) with the k-NN distances on `workers`
 * threads, identical results.
 * @example
 * const { kept } = await removeStatisticalOutliersParallel(cloud.positions, { neighbors: 20, stdRatio: 2 }, 2);
 */
export async function removeStatisticalOutliersParallel(points: Float64Array, options: RemoveOutliersOptions = {}, workers = 1): Promise<OutlierRemoval> {
  const neighbors = options.neighbors ?? 20;
  const means = await runOverPoints(points, { kind: 'outlier-means', neighbors }, new Float64Array(Math.floor(points.length / 3)), workers);
  return means === undefined ? removeStatisticalOutliers(points, options) : outlierVerdict(means, options.stdRatio ?? 2);
}
