import { PointGrid } from '@aquamvs/geometry';
import { evaluationInput } from './errors.js';
import { gridCellFor, nearestDistances } from './nearest-distances.js';
import { asFloat64, medianInPlace, type Points } from './point-array.js';

/** Nearest-neighbour distances between two clouds both ways, metres (spec §3.18 `cloud_to_cloud_distance`). */
export interface CloudDistance {
  meanAToB: number;
  meanBToA: number;
  medianAToB: number;
  medianBToA: number;
  hausdorffAToB: number;
  hausdorffBToA: number;
  /** max of the two directed Hausdorff distances. */
  hausdorff: number;
  /** Mean of the two means. */
  mean: number;
}

function directed(from: Float64Array, to: Float64Array): { mean: number; median: number; max: number } {
  const d = nearestDistances(from, new PointGrid(to, gridCellFor(to))).filter(Number.isFinite);
  let sum = 0;
  let max = 0;
  for (const v of d) {
    sum += v;
    if (v > max) max = v;
  }
  return { mean: sum / d.length, median: medianInPlace(d), max };
}

/**
 * For every point of A the distance to the nearest point of B, and the other way: mean, median and (directed)
 * Hausdorff distance each way, as the reference's `cloud_to_cloud_distance`. Non-finite points are ignored.
 * @example
 * const d = cloudToCloudDistance(meshA.positions, meshB.positions);
 * console.log(`${(d.mean * 1000).toFixed(2)} mm`);
 */
export function cloudToCloudDistance(a: Points, b: Points): CloudDistance {
  if (a.length < 3) throw evaluationInput('cloud A', 'at least one point', `${Math.floor(a.length / 3)} points`);
  if (b.length < 3) throw evaluationInput('cloud B', 'at least one point', `${Math.floor(b.length / 3)} points`);
  const pa = asFloat64(a);
  const pb = asFloat64(b);
  const ab = directed(pa, pb);
  const ba = directed(pb, pa);
  return {
    meanAToB: ab.mean,
    meanBToA: ba.mean,
    medianAToB: ab.median,
    medianBToA: ba.median,
    hausdorffAToB: ab.max,
    hausdorffBToA: ba.max,
    hausdorff: Math.max(ab.max, ba.max),
    mean: 0.5 * (ab.mean + ba.mean),
  };
}
