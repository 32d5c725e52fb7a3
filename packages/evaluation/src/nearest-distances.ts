import type { PointGrid } from '@aquamvs/geometry';
import { xyBounds, type Points } from './point-array.js';

/**
 * A grid cell size for nearest-neighbour queries on a 2.5-D cloud: about twice the mean XY spacing, so a query
 * scans a handful of points per cell.
 */
export function gridCellFor(points: Points): number {
  const n = Math.max(1, Math.floor(points.length / 3));
  const b = xyBounds(points);
  if (b === undefined) return 1;
  const area = Math.max((b[1] - b[0]) * (b[3] - b[2]), 1e-12);
  return Math.max(2 * Math.sqrt(area / n), 1e-6);
}

/** Distance from every point of `from` to its nearest point of `grid` (NaN for non-finite query points). */
export function nearestDistances(from: Float64Array, grid: PointGrid, maxDistance = Infinity): Float64Array {
  const n = Math.floor(from.length / 3);
  const out = new Float64Array(n);
  const index = new Int32Array(1);
  const dist2 = new Float64Array(1);
  for (let i = 0; i < n; i++) {
    const x = from[i * 3],
      y = from[i * 3 + 1],
      z = from[i * 3 + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) {
      out[i] = Number.NaN;
      continue;
    }
    out[i] = grid.knn(x, y, z, 1, maxDistance, index, dist2) === 1 ? Math.sqrt(dist2[0]) : Infinity;
  }
  return out;
}
