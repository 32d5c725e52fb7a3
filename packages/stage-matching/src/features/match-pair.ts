import type { PairMatches, RefractiveProjection } from '@aquamvs/geometry';
import { KeypointGrid } from './epipolar-grid.js';
import { refineMatch, type RefineOptions, type RefineScratch, createRefineScratch } from './refine-match.js';
import { dot } from './patch.js';
import type { ViewFeatures } from './view-features.js';
import type { ZRange } from './z-range.js';

/** Options of {@link matchPair}. */
export interface MatchPairOptions {
  /** Ray-depth band (m) of camera A's rays in which the matching point must lie. */
  depthMin: number;
  depthMax: number;
  /** When set, the band is this world-Z range instead (converted per ray: δ = (Z − o_z)/d_z). */
  zRange?: ZRange | null;
  /** Segments of the refractive epipolar curve. */
  curveSegments: number;
  /** Maximum distance of a candidate keypoint from the curve, pixels. */
  tolerancePx: number;
  /** Lowe ratio on descriptor distances (`√(2 − 2·NCC)`), applied from both sides. */
  ratio: number;
  /** Minimum descriptor NCC of a candidate match. */
  minNcc: number;
  /** Sub-pixel refinement; null keeps the keypoint positions and scores the descriptor NCC. */
  refine: RefineOptions | null;
}

/** Matches with the keypoint index of each side. */
export interface IndexedMatches extends PairMatches {
  readonly refIndex: Int32Array;
  readonly srcIndex: Int32Array;
}

const distance = (ncc: number): number => Math.sqrt(Math.max(0, 2 - 2 * ncc));

/**
 * Matches the features of cameras A and B (A = the smaller name, spec §3.5): for each keypoint of A the
 * refractive epipolar curve in B (A's ray sampled across the depth band and projected into B) gates the
 * candidates; the descriptor NCC picks the best, with a ratio test and a mutual check; each surviving match is
 * refined in B to sub-pixel accuracy by patch alignment with the warp predicted by the calibration.
 */
export function matchPair(
  a: ViewFeatures,
  b: ViewFeatures,
  projA: RefractiveProjection,
  projB: RefractiveProjection,
  options: MatchPairOptions,
): IndexedMatches {
  const nA = a.scores.length;
  const nB = b.scores.length;
  const D = a.descriptorSize;
  const grid = new KeypointGrid(b.keypoints, b.plane.width, b.plane.height, 8);
  const stamp = new Int32Array(nB).fill(-1);
  const bestA = new Int32Array(nA).fill(-1);
  const nccA1 = new Float32Array(nA).fill(-2);
  const nccA2 = new Float32Array(nA).fill(-2);
  const bestB = new Int32Array(nB).fill(-1);
  const nccB1 = new Float32Array(nB).fill(-2);
  const nccB2 = new Float32Array(nB).fill(-2);
  const K = options.curveSegments;
  const curve = new Float64Array((K + 1) * 2);
  const ok = new Uint8Array(K + 1);
  let ia = 0;
  const visit = (ib: number): void => {
    const ncc = dot(a.descriptors, ia * D, b.descriptors, ib * D, D);
    if (ncc > nccA1[ia]) {
      nccA2[ia] = nccA1[ia];
      nccA1[ia] = ncc;
      bestA[ia] = ib;
    } else if (ncc > nccA2[ia]) nccA2[ia] = ncc;
    if (ncc > nccB1[ib]) {
      nccB2[ib] = nccB1[ib];
      nccB1[ib] = ncc;
      bestB[ib] = ia;
    } else if (ncc > nccB2[ib]) nccB2[ib] = ncc;
  };
  const { tolerancePx } = options;
  const zr = options.zRange ?? null;
  for (ia = 0; ia < nA; ia++) {
    const j = ia * 3;
    const depthMin = zr === null ? options.depthMin : (zr.min - a.origins[j + 2]) / a.directions[j + 2];
    const depthMax = zr === null ? options.depthMax : (zr.max - a.origins[j + 2]) / a.directions[j + 2];
    for (let k = 0; k <= K; k++) {
      const d = depthMin + ((depthMax - depthMin) * k) / K;
      const x = a.origins[j] + d * a.directions[j];
      const y = a.origins[j + 1] + d * a.directions[j + 1];
      const z = a.origins[j + 2] + d * a.directions[j + 2];
      ok[k] = projB.projectPoint(x, y, z, curve, k * 2) ? 1 : 0;
    }
    for (let k = 0; k < K; k++) {
      if (!ok[k] || !ok[k + 1]) continue;
      grid.nearSegment(curve[k * 2], curve[k * 2 + 1], curve[k * 2 + 2], curve[k * 2 + 3], tolerancePx, stamp, ia, visit);
    }
  }
  const refPixels: number[] = [];
  const srcPixels: number[] = [];
  const scores: number[] = [];
  const refIndex: number[] = [];
  const srcIndex: number[] = [];
  const scratch: RefineScratch | null = options.refine === null ? null : createRefineScratch(options.refine);
  for (let i = 0; i < nA; i++) {
    const ib = bestA[i];
    if (ib < 0 || nccA1[i] < options.minNcc || bestB[ib] !== i) continue;
    if (nccA2[i] > -2 && distance(nccA1[i]) >= options.ratio * distance(nccA2[i])) continue;
    if (nccB2[ib] > -2 && distance(nccB1[ib]) >= options.ratio * distance(nccB2[ib])) continue;
    const refined =
      options.refine === null || scratch === null
        ? { u: b.keypoints[ib * 2], v: b.keypoints[ib * 2 + 1], ncc: nccA1[i] }
        : refineMatch(a, i, b, ib, projA, projB, options.refine, scratch);
    if (refined === null) continue;
    refPixels.push(a.keypoints[i * 2], a.keypoints[i * 2 + 1]);
    srcPixels.push(refined.u, refined.v);
    scores.push(refined.ncc);
    refIndex.push(i);
    srcIndex.push(ib);
  }
  return {
    ref: a.camera,
    src: b.camera,
    refPixels: Float64Array.from(refPixels),
    srcPixels: Float64Array.from(srcPixels),
    scores: Float32Array.from(scores),
    refIndex: Int32Array.from(refIndex),
    srcIndex: Int32Array.from(srcIndex),
  };
}
