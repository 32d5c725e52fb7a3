import { PointGrid } from './point-grid.js';

/** Options of {@link removeStatisticalOutliers}. */
export interface RemoveOutliersOptions {
  /** Neighbours per point, the point itself included (`outlier_nb_neighbors`). @default 20 */
  neighbors?: number;
  /** Keep points whose mean neighbour distance is below μ + stdRatio·σ (`outlier_std_ratio`). @default 2 */
  stdRatio?: number;
}

/** Result of {@link removeStatisticalOutliers}. */
export interface OutlierRemoval {
  /** Indices of the kept points, ascending. */
  readonly kept: Uint32Array;
  /** Number of points removed. */
  readonly removed: number;
}

/**
 * Open3D `remove_statistical_outlier(nb_neighbors, std_ratio)`: per point the mean distance to its `neighbors`
 * nearest points (itself included, as Open3D's k-d tree returns it), then the global mean μ and sample standard
 * deviation σ (N − 1) of those means; a point is kept iff `0 < mean < μ + stdRatio·σ`.
 * @example
 * const { kept } = removeStatisticalOutliers(positions, { neighbors: 20, stdRatio: 2 });
 */
export function removeStatisticalOutliers(points: Float64Array, options: RemoveOutliersOptions = {}): OutlierRemoval {
  const n = Math.floor(points.length / 3);
  const k = options.neighbors ?? 20;
  if (n === 0) return { kept: new Uint32Array(0), removed: 0 };
  const means = new Float64Array(n);
  meanNeighborDistancesInto(points, outlierGrid(points, k), k, [0, n], means);
  return outlierVerdict(means, options.stdRatio ?? 2);
}

/** The neighbour grid {@link removeStatisticalOutliers} searches (cells of about √k/2 point spacings). */
export function outlierGrid(points: Float64Array, neighbors: number): PointGrid {
  const n = Math.floor(points.length / 3);
  return new PointGrid(points, typicalSpacing(points, n) * Math.max(1, Math.sqrt(neighbors) / 2));
}

/** Mean distance of points `[range[0], range[1])` to their `neighbors` nearest points (itself included) into `out`; −1 without any. */
export function meanNeighborDistancesInto(
  points: Float64Array,
  grid: PointGrid,
  neighbors: number,
  range: readonly [number, number],
  out: Float64Array,
): void {
  const index = new Int32Array(neighbors);
  const dist2 = new Float64Array(neighbors);
  for (let i = range[0]; i < range[1]; i++) {
    const m = grid.knn(points[i * 3], points[i * 3 + 1], points[i * 3 + 2], neighbors, Infinity, index, dist2);
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.sqrt(dist2[j]);
    out[i] = m > 0 ? s / m : -1;
  }
}

/**
 * Open3D's verdict on per-point mean neighbour distances: keep iff `0 < mean < μ + stdRatio·σ` (σ with N − 1). With
 * `allowZero` a statistic of exactly 0 is valid too (a residual: the point lies on its fit); negative ones never are.
 */
export function outlierVerdict(means: Float64Array, stdRatio: number, allowZero = false): OutlierRemoval {
  const n = means.length;
  const valid = (v: number): boolean => v > 0 || (allowZero && v === 0);
  let count = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (valid(means[i])) {
      count++;
      sum += means[i];
    }
  }
  const mu = count > 0 ? sum / count : 0;
  let sq = 0;
  for (let i = 0; i < n; i++) if (valid(means[i])) sq += (means[i] - mu) ** 2;
  const sigma = count > 1 ? Math.sqrt(sq / (count - 1)) : 0;
  const threshold = mu + stdRatio * sigma;
  // Counted, then filled: a growing array of 5 M indices cost 0.5 s on the `standard` frame.
  let keptCount = 0;
  for (let i = 0; i < n; i++) if (valid(means[i]) && means[i] < threshold) keptCount++;
  const kept = new Uint32Array(keptCount);
  for (let i = 0, j = 0; i < n; i++) if (valid(means[i]) && means[i] < threshold) kept[j++] = i;
  return { kept, removed: n - keptCount };
}

/** Mean spacing of points on a 2.5-D surface over their XY bounding box (a grid-cell size hint only). */
function typicalSpacing(points: Float64Array, n: number): number {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity,
    z0 = Infinity,
    z1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[i * 3],
      y = points[i * 3 + 1],
      z = points[i * 3 + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
    z0 = Math.min(z0, z);
    z1 = Math.max(z1, z);
  }
  const dims = [x1 - x0, y1 - y0, z1 - z0].sort((a, b) => b - a);
  const area = Math.max(dims[0] * dims[1], 1e-12);
  const spacing = Math.sqrt(area / n);
  return Number.isFinite(spacing) && spacing > 0 ? spacing : 1e-3;
}

type CloudArrays = { positions: Float64Array; normals?: Float32Array; colors?: Uint8Array };

/** The points (and their normals and colours) at `kept`. */
export function selectPoints<T extends CloudArrays>(cloud: T, kept: Uint32Array): CloudArrays {
  return selectInto(cloud, kept, (a) => new (a.constructor as new (n: number) => typeof a)(kept.length * 3));
}

/**
 * {@link selectPoints} without new arrays: moves the kept points (and normals and colours) to the front of the cloud's
 * own arrays and returns views of that front. `kept` must be ascending (as {@link outlierVerdict} gives it); the input
 * cloud's arrays are overwritten. For a cloud that is not needed afterwards (the fusion stage, once fused.ply is
 * written): fresh arrays for 5.7 M points cost ~0.4 s of page faults on a 2-core VM, and their copy as much again.
 */
export function selectPointsInPlace<T extends CloudArrays>(cloud: T, kept: Uint32Array): CloudArrays {
  for (let j = 1; j < kept.length; j++) {
    if (!(kept[j] > kept[j - 1])) throw new RangeError(`selectPointsInPlace: kept indices must be ascending (at ${j}: ${kept[j - 1]}, ${kept[j]})`);
  }
  // Ascending indices: each point moves to a slot at or before its own, never over one still to be read.
  return selectInto(cloud, kept, (a) => a);
}

/** Copies the kept triples of each of the cloud's arrays into the array `target` gives for it; returns their first `3·kept` values. */
function selectInto(cloud: CloudArrays, kept: Uint32Array, target: <A extends Float64Array | Float32Array | Uint8Array>(a: A) => A): CloudArrays {
  const pick = <A extends Float64Array | Float32Array | Uint8Array>(a: A): A => {
    const out = target(a);
    for (let j = 0; j < kept.length; j++) {
      const i = kept[j] * 3;
      out[j * 3] = a[i];
      out[j * 3 + 1] = a[i + 1];
      out[j * 3 + 2] = a[i + 2];
    }
    return out.subarray(0, kept.length * 3) as A;
  };
  return {
    positions: pick(cloud.positions),
    ...(cloud.normals ? { normals: pick(cloud.normals) } : {}),
    ...(cloud.colors ? { colors: pick(cloud.colors) } : {}),
  };
}
