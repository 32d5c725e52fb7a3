import { PointGrid } from '@aquamvs/geometry';

/** Nearest-neighbour queries over a 3-D point set (bounded radius). */
export interface PointIndex {
  /** Distance from `(x, y, z)` to the nearest indexed point if it is ≤ `maxDistance`, else `Infinity`. */
  nearestDistance(x: number, y: number, z: number, maxDistance: number): number;
}

/**
 * Indexes N×3 points for {@link PointIndex} queries on `@aquamvs/geometry`'s `PointGrid` (the one k-NN grid of the
 * project) with cells of `cellSize` metres. Non-finite points are ignored.
 */
export function createPointIndex(points: Float64Array, cellSize: number): PointIndex {
  const grid = new PointGrid(points, cellSize);
  const index = new Int32Array(1);
  const dist2 = new Float64Array(1);
  return {
    nearestDistance: (x, y, z, maxDistance) => (grid.knn(x, y, z, 1, maxDistance, index, dist2) === 1 ? Math.sqrt(dist2[0]) : Infinity),
  };
}
