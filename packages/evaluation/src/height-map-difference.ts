import { evaluationInput } from './errors.js';
import type { GridSpec } from '@aquamvs/geometry';
import { gridOver, interpolateHeights } from './height-grid.js';
import { xyBounds, type Points } from './point-array.js';

/** Options of {@link heightMapDifference}. */
export interface HeightMapDifferenceOptions {
  /** Grid spacing in metres. @default 0.005 */
  gridResolution?: number;
  /** The grid to use (e.g. one shared by every frame of a time series). @default the XY bounds of A and B together */
  grid?: GridSpec;
  /** Leave out Delaunay triangles with an XY edge longer than this, metres (holes stay holes). @default Infinity (reference: the whole convex hull) */
  maxTriangleEdge?: number;
}

/** `zA − zB` on a shared XY grid (spec §3.18 `height_map_difference`); metrics are NaN when the clouds do not overlap. */
export interface HeightMapDifference {
  readonly grid: GridSpec;
  /** ny×nx `zA − zB`, NaN where either cloud has no height. World +Z points down: negative = A is higher. */
  readonly diff: Float64Array;
  /** ny×nx interpolated Z of A and of B. */
  readonly zA: Float64Array;
  readonly zB: Float64Array;
  /** Grid nodes where both clouds have a height. */
  readonly overlapCells: number;
  readonly meanDiff: number;
  readonly stdDiff: number;
  readonly absMeanDiff: number;
  readonly maxAbsDiff: number;
  readonly rmse: number;
}

/** Node coordinates of a grid axis (`grid_x`/`grid_y` of the reference). */
export function gridAxis(grid: GridSpec, axis: 'x' | 'y'): Float64Array {
  const n = axis === 'x' ? grid.nx : grid.ny;
  const o = axis === 'x' ? grid.x0 : grid.y0;
  return Float64Array.from({ length: n }, (_, i) => o + i * grid.resolution);
}

/**
 * Heights of A and B on one XY grid by linear interpolation over each cloud's Delaunay triangulation, and their
 * difference `zA − zB` where both are defined, with its mean, standard deviation, mean absolute value, maximum
 * absolute value and RMS (metres).
 * @example
 * const d = heightMapDifference(after.positions, before.positions, { gridResolution: 0.005 });
 */
export function heightMapDifference(a: Points, b: Points, options: HeightMapDifferenceOptions = {}): HeightMapDifference {
  const res = options.gridResolution ?? 0.005;
  if (!(res > 0)) throw evaluationInput('gridResolution', 'a positive grid spacing in metres', res);
  const ba = xyBounds(a);
  const bb = xyBounds(b);
  const union = (): [number, number, number, number] => {
    if (ba === undefined || bb === undefined) return ba ?? bb ?? [0, 0, 0, 0];
    return [Math.min(ba[0], bb[0]), Math.max(ba[1], bb[1]), Math.min(ba[2], bb[2]), Math.max(ba[3], bb[3])];
  };
  const grid = options.grid ?? gridOver(union(), res);
  const edge = options.maxTriangleEdge ?? Infinity;
  const zA = interpolateHeights(a, grid, edge);
  const zB = interpolateHeights(b, grid, edge);
  const diff = new Float64Array(zA.length);
  let n = 0,
    sum = 0,
    sum2 = 0,
    sumAbs = 0,
    maxAbs = 0;
  for (let g = 0; g < diff.length; g++) {
    const d = zA[g] - zB[g];
    diff[g] = d;
    if (Number.isNaN(d)) continue;
    n++;
    sum += d;
    sum2 += d * d;
    sumAbs += Math.abs(d);
    maxAbs = Math.max(maxAbs, Math.abs(d));
  }
  const mean = sum / n;
  return {
    grid,
    diff,
    zA,
    zB,
    overlapCells: n,
    meanDiff: mean,
    stdDiff: Math.sqrt(Math.max(0, sum2 / n - mean * mean)),
    absMeanDiff: sumAbs / n,
    maxAbsDiff: n === 0 ? Number.NaN : maxAbs,
    rmse: Math.sqrt(sum2 / n),
  };
}
