import type { PairMatches, RefractiveProjection } from '@aquamvs/geometry';
import { closestPoint, horizontalJacobian, patchNcc, samplePatch } from './patch.js';
import type { ViewFeatures } from './view-features.js';

/** A camera that may confirm a match: its smoothed image and refractive model. */
export interface ThirdView {
  readonly view: ViewFeatures;
  readonly projection: RefractiveProjection;
}

/** Options of {@link thirdViewCheck}. */
export interface ThirdViewOptions {
  /** Patch grid and spacing in pixels of camera A (as in the refinement). */
  grid: number;
  stepPx: number;
  /** A match is kept when some third view that sees its point has NCC ≥ this with A's patch. */
  minNcc: number;
  /** Third views tried per match, in the given order, before giving up. */
  maxViews: number;
}

/**
 * Cross-checks refined matches of cameras A and B in other cameras: each match is triangulated (refracted rays
 * of A's keypoint and B's refined pixel), the point is projected into the third views in order, and A's
 * world-aligned patch is compared with the patch around that projection, warped by the third camera's
 * calibration (best NCC over a 3×3 neighbourhood at 0.5 px, for the triangulation error). A match is dropped
 * when at least one third view sees the point and none of the first `maxViews` that do reaches `minNcc`;
 * matches no third view sees are kept. Wrong matches that agree in two views by chance (a point elsewhere on
 * the refractive epipolar curve) almost never agree in a third.
 */
export function thirdViewCheck(
  m: PairMatches,
  a: ViewFeatures,
  projA: RefractiveProjection,
  projB: RefractiveProjection,
  views: readonly ThirdView[],
  options: ThirdViewOptions,
): PairMatches {
  const n = m.scores.length;
  const G = options.grid;
  const half = (G - 1) / 2;
  const keep = new Uint8Array(n);
  const pa = new Float64Array(2);
  const pb = new Float64Array(2);
  const oa = new Float64Array(3);
  const da = new Float64Array(3);
  const ob = new Float64Array(3);
  const db = new Float64Array(3);
  const X = new Float64Array(3);
  const ja = new Float64Array(4);
  const jc = new Float64Array(4);
  const uv = new Float64Array(2);
  const ref = new Float32Array(G * G);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    pa[0] = m.refPixels[k * 2];
    pa[1] = m.refPixels[k * 2 + 1];
    pb[0] = m.srcPixels[k * 2];
    pb[1] = m.srcPixels[k * 2 + 1];
    projA.castRayInto(pa, oa, da);
    projB.castRayInto(pb, ob, db);
    if (!closestPoint(oa, da, 0, ob, db, 0, X) || !horizontalJacobian(projA, X[0], X[1], X[2], ja)) continue;
    const det = Math.abs(ja[0] * ja[3] - ja[1] * ja[2]);
    if (!(det > 0)) continue;
    const step = options.stepPx / Math.sqrt(det);
    if (!samplePatch(a.plane, pa[0], pa[1], ja, 0, step, G, ref)) continue;
    let seen = 0;
    let ok = false;
    for (const { view, projection } of views) {
      if (seen >= options.maxViews) break;
      if (!projection.projectPoint(X[0], X[1], X[2], uv, 0)) continue;
      if (!horizontalJacobian(projection, X[0], X[1], X[2], jc)) continue;
      const reach = (Math.abs(jc[0]) + Math.abs(jc[1]) + Math.abs(jc[2]) + Math.abs(jc[3])) * step * half + 2;
      if (uv[0] < reach || uv[1] < reach || uv[0] >= view.plane.width - reach || uv[1] >= view.plane.height - reach) continue;
      seen++;
      let best = -2;
      for (let dy = -1; dy <= 1 && best < options.minNcc; dy++) {
        for (let dx = -1; dx <= 1; dx++) best = Math.max(best, patchNcc(view.plane, uv[0] + 0.5 * dx, uv[1] + 0.5 * dy, jc, step, G, ref));
      }
      if (best >= options.minNcc) {
        ok = true;
        break;
      }
    }
    if (ok || seen === 0) {
      keep[k] = 1;
      kept++;
    }
  }
  if (kept === n) return m;
  const refPixels = new Float64Array(kept * 2);
  const srcPixels = new Float64Array(kept * 2);
  const scores = new Float32Array(kept);
  for (let k = 0, j = 0; k < n; k++) {
    if (keep[k] === 0) continue;
    refPixels.set(m.refPixels.subarray(k * 2, k * 2 + 2), j * 2);
    srcPixels.set(m.srcPixels.subarray(k * 2, k * 2 + 2), j * 2);
    scores[j++] = m.scores[k];
  }
  return { ref: m.ref, src: m.src, refPixels, srcPixels, scores };
}
