import type { DepthMap } from '@aquamvs/core';
import { finishDepth, type WinnerTakeAllState } from '../winner-take-all.js';

// The JavaScript form of the sweep's streamed winner-take-all, kept as the tests' oracle for the WebAssembly kernels
// (`wtaAdd`), which do the same float operations four pixels at a time.

/**
 * Streaming winner-take-all over depth hypotheses (§3.8) for a block of pixels: costs arrive one depth
 * at a time in ascending index order; per pixel it keeps the best cost, its index, the costs at the
 * neighbouring indices and the running sum — never the H×W×D volume.
 */
export class WinnerTakeAll implements WinnerTakeAllState {
  readonly size: number;
  readonly bestK: Int32Array;
  readonly best: Float32Array;
  readonly minus: Float32Array;
  readonly plus: Float32Array;
  readonly prev: Float32Array;
  readonly sum: Float64Array;
  #count = 0;

  constructor(size: number) {
    this.size = size;
    this.bestK = new Int32Array(size);
    this.best = new Float32Array(size);
    this.minus = new Float32Array(size);
    this.plus = new Float32Array(size);
    this.prev = new Float32Array(size);
    this.sum = new Float64Array(size);
    this.reset(size);
  }

  /** Starts a new sweep over the first `n` pixels. */
  reset(n = this.size): void {
    this.bestK.fill(-1, 0, n);
    this.best.fill(Infinity, 0, n);
    this.minus.fill(Number.NaN, 0, n);
    this.plus.fill(Number.NaN, 0, n);
    this.sum.fill(0, 0, n);
    this.#count = 0;
  }

  /** Number of depths added since the last reset. */
  get count(): number {
    return this.#count;
  }

  /** Adds the costs (`cost[i] · scale`) of depth index `k` for the first `n` pixels; first minimum wins ties. */
  add(k: number, cost: Float32Array, n = this.size, scale = 1): void {
    const { bestK, best, minus, plus, prev, sum } = this;
    const first = this.#count === 0;
    for (let i = 0; i < n; i++) {
      const c = Math.fround(cost[i] * scale);
      if (bestK[i] === k - 1) plus[i] = c;
      if (c < best[i]) {
        best[i] = c;
        bestK[i] = k;
        minus[i] = first ? (k === 0 ? c : Number.NaN) : prev[i];
      }
      prev[i] = c;
      sum[i] += c;
    }
    this.#count++;
  }
}

/**
 * Depth extraction from a full cost volume `H×W×D` (depth fastest, as in the reference): winner-take-all,
 * parabola refinement, boundary rejection and confidence (§3.8).
 * @example
 * const { depth, confidence } = extractDepth(volume, width, height, depthHypotheses(0.5, 1.5, 16));
 */
export function extractDepth(volume: Float32Array, width: number, height: number, depths: Float64Array): DepthMap {
  const n = width * height;
  const D = depths.length;
  const wta = new WinnerTakeAll(n);
  const slice = new Float32Array(n);
  for (let k = 0; k < D; k++) {
    for (let i = 0; i < n; i++) slice[i] = volume[i * D + k];
    wta.add(k, slice);
  }
  const depth = new Float32Array(n);
  const confidence = new Float32Array(n);
  const hyp = { min: depths[0], max: depths[D - 1], count: D };
  finishDepth(wta, hyp, { kLo: 0, kHi: D - 1 }, n, depth, confidence);
  return { width, height, depth, confidence };
}
