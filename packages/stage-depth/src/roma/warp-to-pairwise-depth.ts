import { triangulateRayPairs, type RefractiveProjection } from '@aquamvs/geometry';
import { cellAxis, normalisedToPixel, type DenseWarp, type WarpPixelConvention } from '@aquamvs/core';

/** A camera of a warp pair: its refractive model on the K_new grid and that grid's size. */
export interface WarpCamera {
  readonly projection: RefractiveProjection;
  readonly width: number;
  readonly height: number;
}

/** Options of {@link warpToPairwiseDepth}. */
export interface PairwiseDepthOptions {
  /** Cells need `certainty > certaintyThreshold` (strict, spec §2.4). @default 0.5 */
  readonly certaintyThreshold?: number;
  /** @default 'centre' */
  readonly convention?: WarpPixelConvention;
}

/** A pairwise ray-depth map at warp resolution. */
export interface PairwiseDepth {
  readonly width: number;
  readonly height: number;
  /** Ray depth δ of the reference ray, metres; NaN where invalid. */
  readonly depth: Float32Array;
  /** The warp's certainty where the depth is valid, 0 elsewhere. */
  readonly certainty: Float32Array;
}

/**
 * Converts one directed warp to a pairwise depth map at warp resolution (spec §3.9 step 1): casts the refracted rays
 * of each certain reference cell and of its warped source pixel, intersects them (two-ray least squares, §3.6) and
 * keeps `δ = (P − o_r)·d_r` where the triangulation is non-degenerate, `certainty > threshold` and `δ > 0`.
 * No angle or reprojection filter, as in the reference.
 */
export function warpToPairwiseDepth(warp: DenseWarp, ref: WarpCamera, src: WarpCamera, options: PairwiseDepthOptions = {}): PairwiseDepth {
  const threshold = options.certaintyThreshold ?? 0.5;
  const convention = options.convention ?? 'centre';
  const { width: ww, height: wh } = warp;
  const n = ww * wh;
  const depth = new Float32Array(n).fill(Number.NaN);
  const certainty = new Float32Array(n);
  const cells = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const x = warp.warp[k * 2];
    const y = warp.warp[k * 2 + 1];
    if (warp.certainty[k] > threshold && Number.isFinite(x) && Number.isFinite(y)) cells[m++] = k;
  }
  if (m === 0) return { width: ww, height: wh, depth, certainty };
  const ax = cellAxis(ww, ref.width, convention);
  const ay = cellAxis(wh, ref.height, convention);
  const refPx = new Float64Array(m * 2);
  const srcPx = new Float64Array(m * 2);
  for (let c = 0; c < m; c++) {
    const k = cells[c];
    const j = k % ww;
    const i = (k - j) / ww;
    refPx[c * 2] = j * ax.scale + ax.offset;
    refPx[c * 2 + 1] = i * ay.scale + ay.offset;
    srcPx[c * 2] = normalisedToPixel(warp.warp[k * 2], src.width, convention);
    srcPx[c * 2 + 1] = normalisedToPixel(warp.warp[k * 2 + 1], src.height, convention);
  }
  const ro = new Float64Array(m * 3);
  const rd = new Float64Array(m * 3);
  const so = new Float64Array(m * 3);
  const sd = new Float64Array(m * 3);
  ref.projection.castRayInto(refPx, ro, rd);
  src.projection.castRayInto(srcPx, so, sd);
  const { points, valid } = triangulateRayPairs(ro, rd, so, sd);
  for (let c = 0; c < m; c++) {
    if (valid[c] === 0) continue;
    const b = c * 3;
    const delta = (points[b] - ro[b]) * rd[b] + (points[b + 1] - ro[b + 1]) * rd[b + 1] + (points[b + 2] - ro[b + 2]) * rd[b + 2];
    if (!(delta > 0)) continue;
    const k = cells[c];
    depth[k] = delta;
    certainty[k] = warp.certainty[k];
  }
  return { width: ww, height: wh, depth, certainty };
}
