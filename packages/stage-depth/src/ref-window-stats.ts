import type { GreyPlane } from './grey-plane.js';

/**
 * Per-pixel window statistics of a reference plane for a `w×w` box window clipped to the image (zero
 * padding in the reference implementation counts no out-of-image pixels): `invN` = 1/(in-image pixels
 * of the window), or 0 when fewer than `floor(w²/2)` pixels are in the image (the cost is then 1);
 * `mean` and `sd` (standard deviation, population) of the reference intensities in the window.
 * Computed once per reference and frame; used by the all-valid fast path of the NCC kernel.
 */
export interface RefWindowStats {
  readonly width: number;
  readonly height: number;
  readonly window: number;
  readonly invN: Float64Array;
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

/** Minimum number of valid pixels in a `w×w` window for a cost to be computed (§3.7: `floor(w²/2)`). */
export function minWindowCount(window: number): number {
  return Math.floor((window * window) / 2);
}

/**
 * Computes {@link RefWindowStats} with running box sums (O(1) per pixel for any window). `reuse` (a previous result
 * of the same pixel count that is no longer needed) lends its arrays, so a worker sweeping many references does not
 * allocate ~46 MB per 1600×1200 reference.
 */
export function refWindowStats(ref: GreyPlane, window: number, reuse?: RefWindowStats): RefWindowStats {
  const { width: W, height: H, data } = ref;
  const r = window >> 1;
  const minCount = minWindowCount(window);
  const n = W * H;
  const fits = reuse !== undefined && reuse.invN.length === n;
  const invN = fits ? reuse.invN : new Float64Array(n);
  const mean = fits ? reuse.mean : new Float64Array(n);
  const sd = fits ? reuse.sd : new Float64Array(n);
  const colN = new Float64Array(W);
  const colS = new Float64Array(W);
  const colSS = new Float64Array(W);
  const addRow = (y: number, sign: number): void => {
    const o = y * W;
    for (let x = 0; x < W; x++) {
      const v = data[o + x];
      colN[x] += sign;
      colS[x] += sign * v;
      colSS[x] += sign * v * v;
    }
  };
  for (let y = 0; y < Math.min(r, H); y++) addRow(y, 1);
  for (let y = 0; y < H; y++) {
    if (y + r < H) addRow(y + r, 1);
    if (y - r - 1 >= 0) addRow(y - r - 1, -1);
    let sN = 0;
    let sS = 0;
    let sSS = 0;
    for (let x = 0; x < Math.min(r, W); x++) {
      sN += colN[x];
      sS += colS[x];
      sSS += colSS[x];
    }
    const o = y * W;
    for (let x = 0; x < W; x++) {
      const xa = x + r;
      if (xa < W) {
        sN += colN[xa];
        sS += colS[xa];
        sSS += colSS[xa];
      }
      const xs = x - r - 1;
      if (xs >= 0) {
        sN -= colN[xs];
        sS -= colS[xs];
        sSS -= colSS[xs];
      }
      const inv = sN >= minCount ? 1 / sN : 0;
      const m = sS / sN;
      invN[o + x] = inv;
      mean[o + x] = m;
      sd[o + x] = Math.sqrt(Math.max(0, sSS / sN - m * m));
    }
  }
  return { width: W, height: H, window, invN, mean, sd };
}

/** This thread's statistics per pixel count and window, with the plane they were computed for. */
const threadStats = new Map<string, { ref: GreyPlane; stats: RefWindowStats }>();

/**
 * {@link refWindowStats} of `ref`, computed once per plane and window in this thread: the sweep's levels, rescue pass,
 * step decision and refinement of one reference share them (the sweep's window and the decision's both stay, so the
 * returned depth's confidence, scored with the sweep's window after the decision, does not compute it again), and the
 * next reference of the same size reuses the arrays. Sweeps in one thread run one after another, and planes are not
 * modified while they are swept; the result is valid until the next call for another plane of the same size and
 * window. {@link releaseWindowStats} lets the arrays go.
 */
export function threadWindowStats(ref: GreyPlane, window: number): RefWindowStats {
  const key = `${ref.width * ref.height}:${window}`;
  const kept = threadStats.get(key);
  if (kept !== undefined && kept.ref === ref && kept.stats.width === ref.width) return kept.stats;
  const stats = refWindowStats(ref, window, kept?.stats);
  threadStats.set(key, { ref, stats });
  return stats;
}

/** Lets go of this thread's window statistics (after a stage's sweeps: 46 MB per 1600×1200 plane size and window). */
export function releaseWindowStats(): void {
  threadStats.clear();
}
