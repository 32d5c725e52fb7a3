import {
  estimateNormals,
  outlierVerdict,
  removeStatisticalOutliers,
  type EstimateNormalsOptions,
  type OutlierRemoval,
  type RemoveOutliersOptions,
} from '@aquamvs/geometry';
import { shareArray } from './consistency-task.js';
import type { FusionPool } from './fusion-pool.js';
import type { PointJob, PointPoolInit, PointTask } from './point-task.js';
import { withFusionPool } from './with-fusion-pool.js';

/** Points per task: a few dozen tasks on a large cloud keep every thread busy to the end. */
const POINTS_PER_TASK = 65_536;
/** Below this many points a thread pool costs more than it saves. */
const MIN_PARALLEL_POINTS = 200_000;

/**
 * Runs `job` over all points on `workers` (a run's {@link FusionPool} or a thread count) into `outFor(n)`, an
 * output on shared memory, and returns it, or `undefined` when it should run in this thread (small clouds, one
 * thread, worker script not built). Each thread builds its own neighbour grid over the shared points once per job
 * (O(N), a small share of the k-NN work).
 */
async function runOverPoints<T extends Float32Array | Float64Array>(
  points: Float64Array,
  job: PointJob,
  outFor: (n: number) => T,
  workers: number | FusionPool,
): Promise<T | undefined> {
  const n = Math.floor(points.length / 3);
  if (n < MIN_PARALLEL_POINTS) return undefined;
  return withFusionPool(workers, async (pool) => {
    const out = outFor(n);
    const init: PointPoolInit = { points: shareArray(points), out, job };
    const id = pool.nextJob();
    const tasks: PointTask[] = [];
    for (let i0 = 0; i0 < n; i0 += POINTS_PER_TASK) tasks.push({ job: id, init, i0, i1: Math.min(n, i0 + POINTS_PER_TASK) });
    await pool.run('pointRange', tasks);
    return out;
  });
}

/**
 * {@link estimateNormals} on worker threads (a run's {@link FusionPool} or a thread count), identical results.
 * @example
 * const normals = await estimateNormalsParallel(cloud.positions, { radius: 0.005 }, 2);
 */
export async function estimateNormalsParallel(
  points: Float64Array,
  options: Omit<EstimateNormalsOptions, 'grid'>,
  workers: number | FusionPool = 1,
): Promise<Float32Array> {
  const out = await runOverPoints(points, { kind: 'normals', options }, (n) => new Float32Array(new SharedArrayBuffer(n * 12)), workers);
  return out ?? estimateNormals(points, options);
}

/**
 * Geometry's `removeStatisticalOutliers` (Open3D `remove_statistical_outlier`) with the k-NN distances on worker
 * threads (a run's {@link FusionPool} or a thread count), identical results.
 * @example
 * const { kept } = await removeStatisticalOutliersParallel(cloud.positions, { neighbors: 20, stdRatio: 2 }, 2);
 */
export async function removeStatisticalOutliersParallel(
  points: Float64Array,
  options: RemoveOutliersOptions = {},
  workers: number | FusionPool = 1,
): Promise<OutlierRemoval> {
  const neighbors = options.neighbors ?? 20;
  const means = await runOverPoints(points, { kind: 'outlier-means', neighbors }, (n) => new Float64Array(new SharedArrayBuffer(n * 8)), workers);
  return means === undefined ? removeStatisticalOutliers(points, options) : outlierVerdict(means, options.stdRatio ?? 2);
}
