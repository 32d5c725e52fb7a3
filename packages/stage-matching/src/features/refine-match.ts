import type { RefractiveProjection } from '@aquamvs/geometry';
import { closestPoint, horizontalJacobian, patchNcc, samplePatch } from './patch.js';
import type { ViewFeatures } from './view-features.js';

/** Options of the sub-pixel refinement of a match. */
export interface RefineOptions {
  /** Patch grid size G. */
  grid: number;
  /** Spacing of patch samples in camera A, pixels (the same world spacing is used in B). */
  stepPx: number;
  /** Integer search radius in B, pixels; a peak on the border of the search is rejected. */
  searchPx: number;
  /** Minimum NCC of the refined match. */
  minNcc: number;
}

/** Reusable buffers of {@link refineMatch}. */
export interface RefineScratch {
  ref: Float32Array;
  point: Float64Array;
  ja: Float64Array;
  jb: Float64Array;
  /** Scores on the quarter-pixel lattice of the search, valid where `stamp` equals `generation`. */
  cache: Float64Array;
  stamp: Int32Array;
  generation: number;
}

export function createRefineScratch(options: RefineOptions): RefineScratch {
  const n = options.grid * options.grid;
  return {
    ref: new Float32Array(n),
    point: new Float64Array(3),
    ja: new Float64Array(4),
    jb: new Float64Array(4),
    cache: new Float64Array((8 * options.searchPx + 1) ** 2),
    stamp: new Int32Array((8 * options.searchPx + 1) ** 2),
    generation: 0,
  };
}

/**
 * Refines the B position of match (A keypoint `ia`, B keypoint `ib`): triangulates the two rays, predicts the
 * local warp of the horizontal plane through that point in both cameras, and maximises the NCC of A's patch
 * against B's patch: hill climbing on the integer grid, then on a 0.25-px grid, then a parabola through the
 * best sample and its neighbours in x and y. Returns null when the peak is searchPx or more away from the
 * keypoint or its NCC < minNcc.
 */
export function refineMatch(
  a: ViewFeatures,
  ia: number,
  b: ViewFeatures,
  ib: number,
  projA: RefractiveProjection,
  projB: RefractiveProjection,
  options: RefineOptions,
  s: RefineScratch,
): { u: number; v: number; ncc: number } | null {
  if (!closestPoint(a.origins, a.directions, ia, b.origins, b.directions, ib, s.point)) return null;
  const [x, y, z] = s.point;
  if (!horizontalJacobian(projA, x, y, z, s.ja) || !horizontalJacobian(projB, x, y, z, s.jb)) return null;
  const G = options.grid;
  const det = Math.abs(s.ja[0] * s.ja[3] - s.ja[1] * s.ja[2]);
  if (!(det > 0)) return null;
  const step = options.stepPx / Math.sqrt(det);
  if (!samplePatch(a.plane, a.keypoints[ia * 2], a.keypoints[ia * 2 + 1], s.ja, 0, step, G, s.ref)) return null;
  const u0 = b.keypoints[ib * 2];
  const v0 = b.keypoints[ib * 2 + 1];
  // Scores are cached on the quarter-pixel lattice around (u0, v0): both hill climbs revisit positions.
  const R = options.searchPx;
  const side = 8 * R + 1;
  const mark = ++s.generation;
  const score = (qx: number, qy: number): number => {
    const cell = (qy + 4 * R) * side + (qx + 4 * R);
    if (s.stamp[cell] === mark) return s.cache[cell];
    const c = patchNcc(b.plane, u0 + 0.25 * qx, v0 + 0.25 * qy, s.jb, step, G, s.ref);
    s.stamp[cell] = mark;
    s.cache[cell] = c;
    return c;
  };
  // Integer hill climb from the detected keypoint, then a 0.25-px hill climb, then a parabola per axis.
  let qx = 0;
  let qy = 0;
  let best = score(0, 0);
  for (const q of [4, 1]) {
    for (let moves = 0; moves < 4 * R + 2; moves++) {
      let bx = qx;
      let by = qy;
      let bestHere = best;
      for (let k = 0; k < 9; k++) {
        if (k === 4) continue;
        const x = qx + ((k % 3) - 1) * q;
        const y = qy + (Math.floor(k / 3) - 1) * q;
        const c = score(x, y);
        if (c > bestHere) {
          bestHere = c;
          bx = x;
          by = y;
        }
      }
      if (bx === qx && by === qy) break;
      qx = bx;
      qy = by;
      best = bestHere;
      if (Math.abs(qx) >= 4 * R || Math.abs(qy) >= 4 * R) return null;
    }
  }
  if (best < options.minNcc) return null;
  const u = u0 + 0.25 * (qx + vertex(score(qx - 1, qy), best, score(qx + 1, qy)));
  const v = v0 + 0.25 * (qy + vertex(score(qx, qy - 1), best, score(qx, qy + 1)));
  return { u, v, ncc: best };
}

/** Offset of the vertex of the parabola through (−1, a), (0, b), (1, c), clamped to ±0.5. */
function vertex(a: number, b: number, c: number): number {
  const den = a - 2 * b + c;
  if (!(den < 0)) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den));
}
