import { ROW_BOUNDS_STRIDE } from './consistency-filter.js';
import { paramsOf, shareArray } from './thread-data.js';
import { mergePlanned, planMerge, type FuseOptions, type FusionView, type MergePlan } from './fuse-depth-maps.js';
import type { FusionPool } from './fusion-pool.js';
import type { MergedPart, MergeTask, PlaceTask, SharedMergeView } from './merge-task.js';
import { latticeRows } from './voxel-accumulator.js';
import { withFusionPool } from './with-fusion-pool.js';

/**
 * {@link mergeDepthMaps} on worker threads: the voxel grid is split into as many bands of lattice rows (y) as there are
 * threads, each holding about the same number of points, and each thread merges the points of its band from every
 * view (skipping, by the consistency filter's `rowBounds`, the pixel rows whose points all lie elsewhere). A voxel
 * lies in one band, so its sums are made in the same order as in one thread and the bands, in lattice order,
 * concatenate into exactly the one-thread result. With one thread (or the worker script not built) it runs here.
 * @example
 * const { positions, colors } = await mergeDepthMapsParallel(views, { voxelSize: 0.001 }, pool, rowBounds);
 */
export async function mergeDepthMapsParallel(
  views: readonly FusionView[],
  options: FuseOptions,
  workers: number | FusionPool,
  rowBounds: readonly (Float64Array | undefined)[] = [],
): Promise<{ positions: Float64Array; colors: Uint8Array }> {
  const plan = planMerge(views, options);
  if (plan === null) return { positions: new Float64Array(0), colors: new Uint8Array(0) };
  const merged = await withFusionPool(workers, (pool) => mergeOnPool(pool, views, plan, rowBounds));
  return merged ?? mergePlanned(views, plan);
}

async function mergeOnPool(
  pool: FusionPool,
  views: readonly FusionView[],
  plan: MergePlan,
  rowBounds: readonly (Float64Array | undefined)[],
): Promise<{ positions: Float64Array; colors: Uint8Array }> {
  const shared: SharedMergeView[] = views.map((v, i) => {
    const { width, height, depth, confidence } = v.depthMap;
    const bounds = rowBounds[i];
    return {
      name: v.name,
      params: paramsOf(v.projection),
      depthMap: { width, height, depth: shareArray(depth), confidence: shareArray(confidence) },
      ...(v.image === undefined ? {} : { image: { ...v.image, data: shareArray(v.image.data) } }),
      ...(bounds === undefined ? {} : { rowBounds: shareArray(bounds) }),
    };
  });
  const cuts = bandCuts(plan, pool.size, rowBounds);
  const tasks: MergeTask[] = cuts.slice(1).map((end, k) => ({ views: shared, plan, rows: [cuts[k], end] }));
  const parts = await pool.runValues<'mergeRows', MergedPart>('mergeRows', tasks);
  let voxels = 0;
  for (const part of parts) voxels += part.positions.length / 3;
  // The bands concatenate in order; the workers copy the positions (139 MB of fresh pages for the `standard` frame,
  // ~0.4 s of page faults on one thread) while this thread copies the colours.
  const positions = new Float64Array(new SharedArrayBuffer(voxels * 3 * 8));
  const colors = new Uint8Array(voxels * 3);
  const places: PlaceTask[] = [];
  let at = 0;
  for (const part of parts) {
    places.push({ source: part.positions, target: positions, offset: at });
    at += part.positions.length;
  }
  const placing = pool.run('placePositions', places);
  at = 0;
  for (const part of parts) {
    colors.set(part.colors, at);
    at += part.colors.length;
  }
  await placing;
  return { positions, colors };
}

/**
 * Lattice rows at which to cut the grid into `bands` with about equal numbers of points: each view's pixel row spreads
 * its kept points evenly over the lattice rows its `rowBounds` span (a view without them, evenly over all rows).
 */
function bandCuts(plan: MergePlan, bands: number, rowBounds: readonly (Float64Array | undefined)[]): number[] {
  const { count, rowOf } = latticeRows(plan.voxel, plan.min, plan.max);
  const weight = new Float64Array(count + 1);
  const spread = (first: number, last: number, points: number): void => {
    const a = Math.max(0, Math.min(count - 1, first));
    const b = Math.max(a, Math.min(count - 1, last));
    weight[a] += points / (b - a + 1);
    weight[b + 1] -= points / (b - a + 1);
  };
  for (let v = 0; v < plan.subdivisions.length; v++) {
    const bounds = rowBounds[v];
    if (bounds === undefined || plan.subdivisions[v] !== 1) {
      spread(0, count - 1, 1);
      continue;
    }
    for (let o = 0; o + ROW_BOUNDS_STRIDE <= bounds.length; o += ROW_BOUNDS_STRIDE) {
      if (bounds[o + 6] > 0) spread(rowOf(bounds[o + 1]), rowOf(bounds[o + 4]), bounds[o + 6]);
    }
  }
  // The differences summed into each row's points, and their total.
  let running = 0;
  let total = 0;
  for (let r = 0; r < count; r++) {
    running += weight[r];
    weight[r] = running;
    total += running;
  }
  const cuts = [0];
  let sum = 0;
  for (let r = 0, k = 1; r < count && k < bands; r++) {
    sum += weight[r];
    if (sum >= (k * total) / bands) {
      cuts.push(r + 1);
      k++;
    }
  }
  while (cuts.length <= bands) cuts.push(count);
  cuts[cuts.length - 1] = count;
  return cuts;
}
