import {
  estimateNormals,
  estimateNormalsInto,
  outlierVerdict,
  normalGrid,
  type EstimateNormalsOptions,
  type OutlierRemoval,
  type RemoveOutliersOptions,
} from '@aquamvs/geometry';
import { shareArray } from './thread-data.js';
import type { FusionPool } from './fusion-pool.js';
import type { OutlierMethod, PointJob, PointPoolInit, PointTask } from './point-task.js';
import { withFusionPool } from './with-fusion-pool.js';

/** Points per task: a few dozen tasks on a large cloud keep every thread busy to the end. */
const POINTS_PER_TASK = 65_536;
/** Below this many points a thread pool costs more than it saves. */
const MIN_PARALLEL_POINTS = 200_000;

/**
 * Runs `job` over all points on `workers` (a run's {@link FusionPool} or a thread count) and returns the normals, on
 * shared memory (and fills `means`, shared too, when the job asks for them), or `undefined` when it should run in
 * this thread (small clouds, one thread, worker script not built). Each thread builds its own neighbour grid over
 * the shared points once per job (O(N), a small share of the k-NN work).
 */
async function runOverPoints(
  points: Float64Array,
  job: PointJob,
  workers: number | FusionPool,
  means?: Float64Array,
  residuals?: Float64Array,
): Promise<Float32Array | undefined> {
  const n = Math.floor(points.length / 3);
  if (n < MIN_PARALLEL_POINTS) return undefined;
  return withFusionPool(workers, async (pool) => {
    const out = new Float32Array(new SharedArrayBuffer(n * 12));
    const shared = shareArray(points);
    // One grid for all threads (each building its own cost a copy of its arrays per thread).
    const grid = normalGrid(shared, job.options.radius, { shared: true }).parts();
    const init: PointPoolInit = {
      points: shared,
      grid,
      out,
      job,
      ...(means === undefined ? {} : { means }),
      ...(residuals === undefined ? {} : { residuals }),
    };
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
  return (await runOverPoints(points, { kind: 'normals', options }, workers)) ?? estimateNormals(points, options);
}

/** Result of {@link estimateNormalsAndOutliersParallel}. */
export interface NormalsAndOutliers {
  readonly normals: Float32Array;
  readonly outliers: OutlierRemoval;
}

/**
 * {@link estimateNormalsParallel} and the outlier filter on the same points from one neighbour search per point (the
 * normal's nearest neighbours within its radius are the filter's wherever enough lie within it), with results
 * identical to the two run apart. The filter keeps a point when its statistic is below μ + `stdRatio`·σ of all points'
 * (Open3D's rule). `method`: `statistical` (default) judges the point's mean distance to its `neighbors` nearest points
 * (Open3D `remove_statistical_outlier`, the reference: sparse); `quadric` its distance from the quadric fitted to them
 * (geometry's `quadricResidual`: off the local surface). See docs/benchmarks.md (issue 19) for what each takes.
 * @example
 * const { normals, outliers } = await estimateNormalsAndOutliersParallel(positions, { radius: 0.005 }, { neighbors: 20 }, 2);
 */
export async function estimateNormalsAndOutliersParallel(
  points: Float64Array,
  options: Omit<EstimateNormalsOptions, 'grid'>,
  outlierOptions: RemoveOutliersOptions = {},
  workers: number | FusionPool = 1,
  method: OutlierMethod = 'statistical',
): Promise<NormalsAndOutliers> {
  const n = Math.floor(points.length / 3);
  const neighbors = outlierOptions.neighbors ?? 20;
  const stdRatio = outlierOptions.stdRatio ?? 2;
  const means = new Float64Array(new SharedArrayBuffer(n * 8));
  const residuals = method === 'quadric' ? new Float64Array(new SharedArrayBuffer(n * 8)) : undefined;
  const job: PointJob = { kind: 'normals', options, meanNeighbors: neighbors };
  let normals = await runOverPoints(points, job, workers, means, residuals);
  if (normals === undefined) {
    normals = new Float32Array(n * 3);
    estimateNormalsInto(points, normalGrid(points, options.radius), options, [0, n], normals, {
      neighbors,
      out: means,
      ...(residuals === undefined ? {} : { residuals }),
    });
  }
  return { normals, outliers: residuals === undefined ? outlierVerdict(means, stdRatio) : outlierVerdict(residuals, stdRatio, true) };
}
