import { BlockNeighbours } from './block-neighbours.js';
import { PointGrid } from './point-grid.js';
import { neighbourCovariance } from './neighbour-covariance.js';
import { QuadricScratch, quadricResidual } from './quadric-residual.js';
import { smallestEigenvector } from './smallest-eigenvector.js';

/** How much farther (in squared distance) than its predecessor's a point's k-th neighbour is looked for first. */
const LIKELY_MARGIN = 1.3;

/** Options of {@link estimateNormals}. */
export interface EstimateNormalsOptions {
  /** Neighbourhood radius in metres (the fusion stage uses 5 · voxel_size). */
  radius: number;
  /** At most this many nearest neighbours within the radius. @default 30 */
  maxNeighbors?: number;
  /** Normals are flipped to face this point. @default [0, 0, 0] (the world origin, above the water) */
  viewpoint?: readonly [number, number, number];
  /** A grid already built over the same points (cell ≈ radius), to share it between steps. */
  grid?: PointGrid;
}

/**
 * Unit normals like Open3D `estimate_normals(KDTreeSearchParamHybrid(radius, max_nn))` +
 * `orient_normals_towards_camera_location(viewpoint)`: per point, the covariance of its nearest neighbours within
 * `radius` (the point included), the eigenvector of the smallest eigenvalue, flipped to face `viewpoint`. Points
 * with fewer than 3 neighbours get (0, 0, 1) before orientation, as in Open3D.
 * @example
 * const normals = estimateNormals(positions, { radius: 0.005 });
 */
export function estimateNormals(points: Float64Array, options: EstimateNormalsOptions): Float32Array {
  const n = Math.floor(points.length / 3);
  const grid = options.grid ?? normalGrid(points, options.radius);
  const normals = new Float32Array(n * 3);
  estimateNormalsInto(points, grid, options, [0, n], normals);
  return normals;
}

/**
 * The neighbour grid {@link estimateNormals} searches. Its cell is about ¾ of the distance within which `neighbors`
 * points lie at the cloud's mean density over its footprint (x–y bounding box: a bed seen from above), at most half
 * the radius: on the `ci` rig's fused cloud (0.5 points/mm² over its box) that is the half radius, which examines
 * about half the candidates radius-sized cells do; on the `standard` rig's (1.3 points/mm² over the box, the 30th
 * neighbour ~2.7 mm away) the grid's cap on its cell count then makes it 3 mm instead of 3.75 mm, and the queries
 * take 10–25 % less time. The neighbours found do not depend on the cell.
 * `shared`: built on SharedArrayBuffers, for worker threads to search it through `PointGrid.parts`.
 */
export function normalGrid(
  points: Float64Array,
  radius: number,
  { shared = false, neighbors = 30 }: { shared?: boolean; neighbors?: number } = {},
): PointGrid {
  const cell = Math.min(radius / 2, NEAREST_CELL_SHARE * nearestRadius(points, neighbors));
  return shared ? PointGrid.shared(points, cell) : new PointGrid(points, cell);
}

/** The grid cell as a share of the distance within which a point's neighbours lie (measured in `normalGrid`). */
const NEAREST_CELL_SHARE = 0.75;

/** Radius of the disc that holds `k` points at the cloud's mean density over its x–y bounding box (Infinity if flat). */
function nearestRadius(points: Float64Array, k: number): number {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let n = 0;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i];
    const y = points[i + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(points[i + 2]))) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    n++;
  }
  const area = (x1 - x0) * (y1 - y0);
  return n > 0 && area > 0 ? Math.sqrt((k * area) / (Math.PI * n)) : Infinity;
}

/**
 * {@link estimateNormals} for points `[range[0], range[1])`, written into `out` (N×3); used by the worker threads.
 * With `means`, also each point's mean distance to its `means.neighbors` nearest points (as
 * `meanNeighborDistancesInto`, bit for bit) into `means.out`: the normal's neighbours already are those nearest
 * points wherever that many lie within the radius, so the outlier filter needs no search of its own there. With
 * `means.residuals`, also each point's distance from the quadric of those neighbours (`quadricResidual`).
 */
export function estimateNormalsInto(
  points: Float64Array,
  grid: PointGrid,
  options: EstimateNormalsOptions,
  range: readonly [number, number],
  out: Float32Array,
  means?: { readonly neighbors: number; readonly out: Float64Array; readonly residuals?: Float64Array },
): void {
  const k = Math.max(options.maxNeighbors ?? 30, means?.neighbors ?? 0);
  const [vx, vy, vz] = options.viewpoint ?? [0, 0, 0];
  const normals = out;
  const index = new Int32Array(k);
  const dist2 = new Float64Array(k);
  const scratch = new QuadricScratch();
  const moments = new Float64Array(9);
  // Points taken cell by cell, each cell's searched through one block of candidates (see `BlockNeighbours`; the same
  // neighbours as `PointGrid.knn`). The previous point's k-th squared distance with a margin: consecutive points are
  // neighbours, so their k nearest lie about as far (the result does not depend on it).
  const block = new BlockNeighbours(grid);
  const byCell = pointsByCell(points, grid, range);
  let loaded = -1;
  let inBlock = false;
  let likely2 = Infinity;
  for (let t = 0; t < byCell.points.length; t++) {
    const i = byCell.points[t];
    const cell = byCell.cells[t];
    const px = points[i * 3];
    const py = points[i * 3 + 1];
    const pz = points[i * 3 + 2];
    if (cell !== loaded) {
      loaded = cell;
      inBlock = cell >= 0 && block.load(cell, k);
    }
    let m = inBlock
      ? block.knn(px, py, pz, k, options.radius, index, dist2, likely2)
      : grid.knn(px, py, pz, k, options.radius, index, dist2, likely2);
    likely2 = m === k ? LIKELY_MARGIN * dist2[k - 1] : Infinity;
    if (means !== undefined) {
      const wanted = means.neighbors;
      const found = m >= wanted ? wanted : grid.knn(px, py, pz, wanted, Infinity, index, dist2);
      let sum = 0;
      for (let j = 0; j < found; j++) sum += Math.sqrt(dist2[j]);
      means.out[i] = found > 0 ? sum / found : -1;
      if (means.residuals !== undefined) means.residuals[i] = quadricResidual(points, i, index, found, scratch);
      if (m < wanted) m = grid.knn(px, py, pz, k, options.radius, index, dist2);
    }
    m = Math.min(m, options.maxNeighbors ?? 30);
    if (m < 3) {
      normals[i * 3] = 0;
      normals[i * 3 + 1] = 0;
      normals[i * 3 + 2] = 1;
    } else {
      neighbourCovariance(points, index, m, px, py, pz, -1, moments);
      smallestEigenvector(moments[3], moments[4], moments[5], moments[6], moments[7], moments[8], normals, i * 3);
    }
    const o = i * 3;
    if (normals[o] * (vx - px) + normals[o + 1] * (vy - py) + normals[o + 2] * (vz - pz) < 0) {
      normals[o] = -normals[o];
      normals[o + 1] = -normals[o + 1];
      normals[o + 2] = -normals[o + 2];
    }
  }
}

/** The points `[range[0], range[1])` ordered by their grid cell (−1, not finite, first), then by index. */
function pointsByCell(points: Float64Array, grid: PointGrid, range: readonly [number, number]): { points: Int32Array; cells: Int32Array } {
  const [i0, i1] = range;
  const span = Math.max(0, i1 - i0);
  // One sort key a point, exact in a double: (cell + 1) · span + offset < 2^24 · 2^29.
  const keys = new Float64Array(span);
  for (let i = i0; i < i1; i++) keys[i - i0] = (grid.cellOf(points[i * 3], points[i * 3 + 1], points[i * 3 + 2]) + 1) * span + (i - i0);
  keys.sort();
  const sorted = new Int32Array(span);
  const cells = new Int32Array(span);
  for (let t = 0; t < span; t++) {
    const offset = keys[t] % span;
    sorted[t] = i0 + offset;
    cells[t] = (keys[t] - offset) / span - 1;
  }
  return { points: sorted, cells };
}
