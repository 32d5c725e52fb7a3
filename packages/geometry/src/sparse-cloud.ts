import { geometryArgument } from './errors.js';
import type { RefractiveProjection } from './refractive-projection.js';
import { triangulatePair, type TriangulatedPoints, type TriangulatePairOptions } from './triangulation.js';

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
  const triangulated = matches.map((m) => {
    const a = projections[m.ref];
    const b = projections[m.src];
    if (a === undefined || b === undefined) {
      throw geometryArgument('triangulateAllPairs', `projections for '${m.ref}' and '${m.src}'`, Object.keys(projections));
    }
    return triangulatePair(a, b, m.refPixels, m.srcPixels, options);
  });
  return cloudOfPairs(matches, triangulated);
}

/** The valid points of already triangulated pairs (`triangulated[i]` of `matches[i]`) with their match scores, in pair order. */
export function cloudOfPairs(matches: readonly PairMatches[], triangulated: readonly TriangulatedPoints[]): SparseCloud {
  const pts: number[] = [];
  const scores: number[] = [];
  matches.forEach((m, k) => {
    const { points, valid } = triangulated[k];
    for (let i = 0; i < valid.length; i++) {
      if (!valid[i]) continue;
      pts.push(points[i * 3], points[i * 3 + 1], points[i * 3 + 2]);
      scores.push(m.scores[i]);
    }
  });
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
  /**
   * Image size `[width, height]` per camera (the grid its depth maps live on). When given, each range also covers
   * where the camera's whole image meets the bed plane fitted to the cloud (± margin), not only the cloud's points:
   * the sparse cloud covers the cameras' overlap, and on a sloping bed a camera's far rim lies beyond it.
   */
  imageSizes?: Readonly<Record<string, readonly [number, number]>>;
  /** Largest ray depth the bed plane may extend a range to (the plausibility filter's depth). @default 2.0 */
  maxDepth?: number;
}

/** Linear-interpolation quantile of sorted values (torch / numpy default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** A camera's depth range from the sparse cloud; `fromFallback` when it saw no point and got the fallback range. */
export interface SparseDepthRange extends DepthRange {
  readonly fromFallback?: true;
}

/**
 * Per-camera depth ranges from a (filtered) sparse cloud (`compute_depth_ranges`): project the points,
 * keep valid ones, cast rays back from their pixels, ray depth `δ = (X − origin)·dir`;
 * `[max(0, q02 − margin), q98 + margin]`; fallback `(0.3, 0.9)`. With `imageSizes`, each range also spans where the
 * camera's whole image meets the bed plane fitted to the cloud (ours; see {@link DepthRangeOptions.imageSizes}).
 */
export function computeDepthRanges(
  projections: Readonly<Record<string, RefractiveProjection>>,
  points: Float64Array,
  options: DepthRangeOptions = {},
): Record<string, SparseDepthRange> {
  const margin = options.depthMargin ?? 0.05;
  const fallback = options.fallback ?? { min: 0.3, max: 0.9 };
  const n = Math.floor(points.length / 3);
  const out: Record<string, SparseDepthRange> = {};
  const bed = options.imageSizes === undefined ? undefined : fitBedPlane(points);
  for (const [name, proj] of Object.entries(projections)) {
    if (n === 0) {
      out[name] = { ...fallback, fromFallback: true };
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
      out[name] = { ...fallback, fromFallback: true };
      continue;
    }
    const sorted = Float64Array.from(depths).sort();
    let lo = quantileSorted(sorted, 0.02);
    let hi = quantileSorted(sorted, 0.98);
    const size = options.imageSizes?.[name];
    if (bed !== undefined && size !== undefined) {
      const seen = planeDepthSpan(proj, bed, size[0], size[1], options.maxDepth ?? 2.0);
      if (seen !== undefined) {
        lo = Math.min(lo, seen[0]);
        hi = Math.max(hi, seen[1]);
      }
    }
    out[name] = { min: Math.max(0, lo - margin), max: hi + margin };
  }
  return out;
}

/** A plane `Z = a·X + b·Y + c`. */
export interface BedPlane {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/**
 * Least-squares plane `Z = aX + bY + c` through all the points (N×3, world metres); `undefined` for fewer than three
 * points or points on one line.
 * @example
 * const plane = fitHeightPlane(cloud.positions); // z at (x, y): plane.a * x + plane.b * y + plane.c
 */
export function fitHeightPlane(points: Float64Array): BedPlane | undefined {
  return solvePlane(points, () => true);
}

/** Least-squares plane `Z = aX + bY + c` through the points, refitted once without residuals beyond 3 MAD. */
function fitBedPlane(points: Float64Array): BedPlane | undefined {
  const n = Math.floor(points.length / 3);
  if (n < 10) return undefined;
  let plane = fitHeightPlane(points);
  if (plane === undefined) return undefined;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = Math.abs(points[i * 3 + 2] - (plane.a * points[i * 3] + plane.b * points[i * 3 + 1] + plane.c));
  const mad = quantileSorted(Float64Array.from(residuals).sort(), 0.5);
  const p = plane;
  plane = solvePlane(points, (i) => residuals[i] <= 3 * mad + 1e-9) ?? p;
  return plane;
}

function solvePlane(points: Float64Array, keep: (i: number) => boolean): BedPlane | undefined {
  // Normal equations of [x y 1]·[a b c]ᵀ = z, centred for conditioning.
  const n = Math.floor(points.length / 3);
  let m = 0;
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    m++;
    mx += points[i * 3];
    my += points[i * 3 + 1];
    mz += points[i * 3 + 2];
  }
  if (m < 3) return undefined;
  mx /= m;
  my /= m;
  mz /= m;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let sxz = 0;
  let syz = 0;
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    const x = points[i * 3] - mx;
    const y = points[i * 3 + 1] - my;
    const z = points[i * 3 + 2] - mz;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sxz += x * z;
    syz += y * z;
  }
  const det = sxx * syy - sxy * sxy;
  if (!(Math.abs(det) > 1e-18)) return undefined;
  const a = (sxz * syy - syz * sxy) / det;
  const b = (syz * sxx - sxz * sxy) / det;
  return { a, b, c: mz - a * mx - b * my };
}

/** Ray depths where a 9×7 grid of the camera's pixels (border included) meets the plane: `[min, max]`. */
function planeDepthSpan(proj: RefractiveProjection, plane: BedPlane, width: number, height: number, maxDepth: number): [number, number] | undefined {
  const grid: number[] = [];
  for (let j = 0; j <= 6; j++) for (let i = 0; i <= 8; i++) grid.push(((width - 1) * i) / 8, ((height - 1) * j) / 6);
  const { origins: o, directions: d } = proj.castRay(Float64Array.from(grid));
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < grid.length / 2; k++) {
    const j = k * 3;
    const denominator = d[j + 2] - plane.a * d[j] - plane.b * d[j + 1];
    if (!(denominator > 1e-6)) continue;
    const delta = (plane.a * o[j] + plane.b * o[j + 1] + plane.c - o[j + 2]) / denominator;
    if (!(delta > 0)) continue;
    const capped = Math.min(delta, maxDepth / Math.max(1e-6, d[j + 2]));
    lo = Math.min(lo, capped);
    hi = Math.max(hi, capped);
  }
  return hi >= lo ? [lo, hi] : undefined;
}
