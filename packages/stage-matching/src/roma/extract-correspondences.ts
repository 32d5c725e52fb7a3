import { cellAxis, normalisedToPixel, type DenseWarp, type WarpPixelConvention } from '@aquamvs/core';

/** Bins per side of the subsampling grid over the reference image (spec §3.9). */
export const SUBSAMPLE_GRID = 32;

/** Options of {@link extractCorrespondences}. */
export interface ExtractOptions {
  /** Reference and source image sizes (the K_new grids). */
  readonly refSize: readonly [number, number];
  readonly srcSize: readonly [number, number];
  /** Keep cells with `certainty > certaintyThreshold`. @default 0.5 */
  readonly certaintyThreshold?: number;
  /** Cap, reached by spatially uniform top-k subsampling. @default 100000 */
  readonly maxCorrespondences?: number;
  /** @default 'centre' */
  readonly convention?: WarpPixelConvention;
  /** ROI mask of the reference (W×H, non-zero = keep), looked up at the floored, clamped reference pixel. */
  readonly refMask?: Uint8Array;
}

/** Correspondences of one pair: M×2 pixels in each image and M certainties. */
export interface Correspondences {
  readonly refPixels: Float64Array;
  readonly srcPixels: Float64Array;
  readonly scores: Float32Array;
}

/**
 * Sparse correspondences from a dense warp (spec §3.9, RoMa sparse pathway): cells above the certainty threshold
 * (and inside the reference mask); above `maxCorrespondences`, spatially uniform subsampling on a 32×32 grid over
 * the reference image: each occupied bin keeps its `floor(budget / occupied)` best cells, the first `remainder`
 * occupied bins (flat index order) one more; unused budget is not redistributed. Output is ordered by bin, then score.
 */
export function extractCorrespondences(warp: DenseWarp, options: ExtractOptions): Correspondences {
  const threshold = options.certaintyThreshold ?? 0.5;
  const budget = options.maxCorrespondences ?? 100000;
  const convention = options.convention ?? 'centre';
  const [rw, rh] = options.refSize;
  const [sw, sh] = options.srcSize;
  const ax = cellAxis(warp.width, rw, convention);
  const ay = cellAxis(warp.height, rh, convention);
  const n = warp.width * warp.height;
  const kept: number[] = [];
  const bins = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    if (!(warp.certainty[k] > threshold)) continue;
    const j = k % warp.width;
    const i = (k - j) / warp.width;
    const u = j * ax.scale + ax.offset;
    const v = i * ay.scale + ay.offset;
    const px = Math.min(Math.max(Math.floor(u), 0), rw - 1);
    const py = Math.min(Math.max(Math.floor(v), 0), rh - 1);
    if (options.refMask !== undefined && options.refMask[py * rw + px] === 0) continue;
    const bx = Math.min(Math.floor((u / rw) * SUBSAMPLE_GRID), SUBSAMPLE_GRID - 1);
    const by = Math.min(Math.floor((v / rh) * SUBSAMPLE_GRID), SUBSAMPLE_GRID - 1);
    bins[k] = Math.max(0, by) * SUBSAMPLE_GRID + Math.max(0, bx);
    kept.push(k);
  }
  let cells = kept;
  if (kept.length > budget) {
    const byBin = new Map<number, number[]>();
    for (const k of kept) {
      const list = byBin.get(bins[k]);
      if (list === undefined) byBin.set(bins[k], [k]);
      else list.push(k);
    }
    const occupied = [...byBin.keys()].sort((a, b) => a - b);
    const base = Math.floor(budget / occupied.length);
    const remainder = budget - base * occupied.length;
    cells = [];
    occupied.forEach((bin, index) => {
      const list = byBin.get(bin) ?? [];
      list.sort((a, b) => warp.certainty[b] - warp.certainty[a] || a - b);
      const take = Math.min(list.length, base + (index < remainder ? 1 : 0));
      for (let t = 0; t < take; t++) cells.push(list[t]);
    });
  }
  const m = cells.length;
  const refPixels = new Float64Array(m * 2);
  const srcPixels = new Float64Array(m * 2);
  const scores = new Float32Array(m);
  for (let c = 0; c < m; c++) {
    const k = cells[c];
    const j = k % warp.width;
    refPixels[c * 2] = j * ax.scale + ax.offset;
    refPixels[c * 2 + 1] = ((k - j) / warp.width) * ay.scale + ay.offset;
    srcPixels[c * 2] = normalisedToPixel(warp.warp[k * 2], sw, convention);
    srcPixels[c * 2 + 1] = normalisedToPixel(warp.warp[k * 2 + 1], sh, convention);
    scores[c] = warp.certainty[k];
  }
  return { refPixels, srcPixels, scores };
}
