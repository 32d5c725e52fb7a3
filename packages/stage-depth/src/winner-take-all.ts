import type { DepthHypotheses } from './depth-hypotheses.js';

/**
 * What a finished winner-take-all over depth hypotheses (§3.8) holds per pixel for {@link finishDepth}: the best cost,
 * its index, the costs at the indices beside it and the running sum. The sweep streams it in its WebAssembly kernels
 * (`SweepKernels.wtaAdd`), never holding the H×W×D volume; `test-support/winner-take-all-oracle.ts` is its JavaScript
 * form, the tests' oracle.
 */
export interface WinnerTakeAllState {
  readonly bestK: Int32Array;
  readonly best: Float32Array;
  readonly minus: Float32Array;
  readonly plus: Float32Array;
  readonly sum: Float64Array;
  /** Depths added. */
  readonly count: number;
}

/** Options of {@link finishDepth}. */
export interface FinishDepthOptions {
  /** Lowest and highest depth index swept for these pixels (a band); a minimum on either is rejected. */
  readonly kLo: number;
  readonly kHi: number;
  /** Mean cost over all depths of the pixel at (x, y) of the output; defaults to the sweep's own running mean. */
  readonly meanCost?: (x: number, y: number) => number;
}

/** Where {@link finishDepth} writes: the rectangle `[x0, x1) × [y0, y1)` of an output image `width` pixels wide. */
export interface FinishRegion {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly width: number;
}

/**
 * Turns a finished winner-take-all into depth and confidence (§3.8): parabola refinement clamped to
 * ±0.5 step; minima on the first or last swept index (and pixels never swept) give NaN and confidence 0;
 * `confidence = sqrt((1 − clamp(c0, 0, 1)) · clamp(1 − c0 / (mean + 1e-8), 0, 1))`. The state's pixels are the
 * region's, row-major (default: the first `n` pixels of one row).
 */
export function finishDepth(
  wta: WinnerTakeAllState,
  hyp: DepthHypotheses,
  options: FinishDepthOptions,
  n: number,
  depth: Float32Array,
  confidence: Float32Array,
  region: FinishRegion = { x0: 0, y0: 0, x1: n, y1: 1, width: n },
): void {
  const step = hyp.count > 1 ? (hyp.max - hyp.min) / (hyp.count - 1) : 0;
  const { kLo, kHi, meanCost } = options;
  const count = wta.count;
  const { x0, y0, x1, width } = region;
  for (let y = y0, i = 0; i < n; y++) {
    for (let x = x0; x < x1 && i < n; x++, i++) {
      const o = y * width + x;
      const k = wta.bestK[i];
      if (k <= kLo || k >= kHi || k <= 0 || k >= hyp.count - 1) {
        depth[o] = Number.NaN;
        confidence[o] = 0;
        continue;
      }
      const c0 = wta.best[i];
      const cm = wta.minus[i];
      const cp = wta.plus[i];
      let offset = (0.5 * (cm - cp)) / (cm - 2 * c0 + cp + 1e-8);
      offset = offset < -0.5 ? -0.5 : offset > 0.5 ? 0.5 : offset;
      depth[o] = hyp.min + (k + offset) * step;
      confidence[o] = matchConfidence(c0, meanCost === undefined ? wta.sum[i] / count : meanCost(x, y));
    }
  }
}

/** The reference's confidence of a best cost `c0` against the pixel's mean cost over depths (§3.8). */
export function matchConfidence(c0: number, mean: number): number {
  const a = 1 - (c0 < 0 ? 0 : c0 > 1 ? 1 : c0);
  const rel = 1 - c0 / (mean + 1e-8);
  return Math.sqrt(a * (rel < 0 ? 0 : rel > 1 ? 1 : rel));
}
