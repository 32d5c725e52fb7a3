import { geometryArgument } from './errors.js';
import type { RefractiveProjection } from './refractive-projection.js';
import { triangulatePair, type TriangulatePairOptions } from './triangulation.js';

/** A sparse point cloud with one score per point. */
export interface SparseCloud {
  /** N×3 world points. */
  points: Float64Array;
  /** N match scores. */
  scores: Float32Array;
}

/** Matches between one (canonical) camera pair. */
export interface PairMatches {
  ref: string;
  src: string;
  /** M×2 pixels in `ref`. */
  refPixels: Float64Array;
  /** M×2 pixels in `src`. */
  srcPixels: Float64Array;
  /** M scores. */
  scores: Float32Array;
}

/**
 * Triangulates every pair (`triangulatePair` filters) and concatenates the surviving points and their
 * match scores, in pair order (`triangulate_all_pairs`).
 */
export function triangulateAllPairs(
  projections: Readonly<Record<string, RefractiveProjection>>,
  matches: readonly PairMatches[],
  options: TriangulatePairOptions = {},
): SparseCloud {
  const pts: number[] = [];
  const scores: number[] = [];
  for (const m of matches) {
    const a = projections[m.ref];
    const b = projections[m.src];
    if (a === undefined || b === undefined) {
      throw geometryArgument('triangulateAllPairs', `projections for '${m.ref}' and '${m.src}'`, Object.keys(projections));
    }
    const { points, valid } = triangulatePair(a, b, m.refPixels, m.srcPixels, options);
    for (let i = 0; i < valid.length; i++) {
      if (!valid[i]) continue;
      pts.push(points[i * 3], points[i * 3 + 1], points[i * 3 + 2]);
      scores.push(m.scores[i]);
    }
  }
  return { points: Float64Array.from(pts), scores: Float32Array.from(scores) };
}

/**
 * Plausibility filter (`filter_sparse_cloud`): keeps points with `waterZ < Z < waterZ + maxDepth`,
 * scores kept aligned.
 */
export function filterSparseCloud(cloud: SparseCloud, waterZ: number, maxDepth = 2.0): SparseCloud {
  const n = cloud.scores.length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = cloud.points[i * 3 + 2];
    if (z > waterZ && z < waterZ + maxDepth) keep.push(i);
  }
  const points = new Float64Array(keep.length * 3);
  const scores = new Float32Array(keep.length);
  keep.forEach((src, dst) => {
    points.set(cloud.points.subarray(src * 3, src * 3 + 3), dst * 3);
    scores[dst] = cloud.scores[src];
  });
  return { points, scores };
}

/** Ray-depth search range of one camera, metres along its refracted rays. */
export interface DepthRange {
  min: number;
  max: number;
}

/** Options of {@link computeDepthRanges}. */
export interface DepthRangeOptions {
  /**
   * Added on each side of the 2 %–98 % ray-depth quantile range.
   * @default 0.05
   */
  depthMargin?: number;
  /**
   * Range used when the cloud is empty or a camera sees none of its points.
   * @default { min: 0.3, max: 0.9 }
   */
  fallback?: DepthRange;
}

/** Linear-interpolation quantile of sorted values (torch / numpy default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Per-camera depth ranges from a (filtered) sparse cloud (`compute_depth_ranges`): project the points,
 * keep valid ones, cast rays back from their pixels, ray depth `δ = (X − origin)·dir`;
 * `[max(0, q02 − margin), q98 + margin]`; fallback `(0.3, 0.9)`.
 */
export function computeDepthRanges(
  projections: Readonly<Record<string, RefractiveProjection>>,
  points: Float64Array,
  options: DepthRangeOptions = {},
): Record<string, DepthRange> {
  const margin = options.depthMargin ?? 0.05;
  const fallback = options.fallback ?? { min: 0.3, max: 0.9 };
  const n = Math.floor(points.length / 3);
  const out: Record<string, DepthRange> = {};
  for (const [name, proj] of Object.entries(projections)) {
    if (n === 0) {
      out[name] = { ...fallback };
      continue;
    }
    const { pixels, valid } = proj.project(points);
    const { origins, directions } = proj.castRay(pixels);
    const depths: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!valid[i]) continue;
      const j = i * 3;
      depths.push(
        (points[j] - origins[j]) * directions[j] +
          (points[j + 1] - origins[j + 1]) * directions[j + 1] +
          (points[j + 2] - origins[j + 2]) * directions[j + 2],
      );
    }
    if (depths.length === 0) {
      out[name] = { ...fallback };
      continue;
    }
    const sorted = Float64Array.from(depths).sort();
    out[name] = {
      min: Math.max(0, quantileSorted(sorted, 0.02) - margin),
      max: quantileSorted(sorted, 0.98) + margin,
    };
  }
  return out;
}
