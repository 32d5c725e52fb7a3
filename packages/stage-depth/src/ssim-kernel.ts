import type { GreyPlane } from './grey-plane.js';
import type { Rect } from './tile-region.js';

const C1 = 0.01 * 0.01;
const C2 = 0.03 * 0.03;

/** Normalised 1-D Gaussian weights of length `window` (σ = 1.5 by default). */
function gaussianWeights(window: number, sigma = 1.5): Float64Array {
  const r = window >> 1;
  const w = new Float64Array(window);
  let sum = 0;
  for (let i = 0; i < window; i++) {
    w[i] = Math.exp(-((i - r) * (i - r)) / (2 * sigma * sigma));
    sum += w[i];
  }
  for (let i = 0; i < window; i++) w[i] /= sum;
  return w;
}

/**
 * SSIM cost `clamp(1 − ssim, 0, 1)` with a separable Gaussian window (σ 1.5, size `w`), `C1 = 0.01²`,
 * `C2 = 0.03²` (§3.7). Weighted statistics over valid (non-NaN, in-image) pixels, normalised by the weight
 * sum `cnt`; cost 1 where `cnt < 0.5`. Same tile interface as {@link NccKernel}.
 */
export class SsimKernel {
  readonly window: number;
  readonly #g: Float64Array;
  #planes: Float64Array[] = [];
  #capacity = 0;

  constructor(window: number) {
    this.window = window;
    this.#g = gaussianWeights(window);
  }

  addTileCost(ref: GreyPlane, warped: Float32Array, halo: Rect, tile: Rect, acc: Float32Array): void {
    const r = this.window >> 1;
    const g = this.#g;
    const hw = halo.x1 - halo.x0;
    const hh = halo.y1 - halo.y0;
    const tw = tile.x1 - tile.x0;
    const size = hw * hh;
    if (size > this.#capacity) {
      this.#planes = Array.from({ length: 6 }, () => new Float64Array(size));
      this.#capacity = size;
    }
    const h = this.#planes;
    // Horizontal pass over every halo row: weighted sums of m, r·m, s·m, r²·m, s²·m, r·s·m.
    for (let y = halo.y0; y < halo.y1; y++) {
      const wo = (y - halo.y0) * hw;
      const ro = y * ref.width + halo.x0;
      for (let i = 0; i < hw; i++) {
        let m = 0,
          a = 0,
          b = 0,
          aa = 0,
          bb = 0,
          ab = 0;
        for (let k = -r; k <= r; k++) {
          const j = i + k;
          if (j < 0 || j >= hw) continue;
          const s = warped[wo + j];
          if (s !== s) continue;
          const wgt = g[k + r];
          const rv = ref.data[ro + j];
          m += wgt;
          a += wgt * rv;
          b += wgt * s;
          aa += wgt * rv * rv;
          bb += wgt * s * s;
          ab += wgt * rv * s;
        }
        h[0][wo + i] = m;
        h[1][wo + i] = a;
        h[2][wo + i] = b;
        h[3][wo + i] = aa;
        h[4][wo + i] = bb;
        h[5][wo + i] = ab;
      }
    }
    for (let y = tile.y0; y < tile.y1; y++) {
      for (let x = tile.x0; x < tile.x1; x++) {
        const i = x - halo.x0;
        let m = 0,
          a = 0,
          b = 0,
          aa = 0,
          bb = 0,
          ab = 0;
        for (let k = -r; k <= r; k++) {
          const yy = y + k;
          if (yy < halo.y0 || yy >= halo.y1) continue;
          const o = (yy - halo.y0) * hw + i;
          const wgt = g[k + r];
          m += wgt * h[0][o];
          a += wgt * h[1][o];
          b += wgt * h[2][o];
          aa += wgt * h[3][o];
          bb += wgt * h[4][o];
          ab += wgt * h[5][o];
        }
        let cost = 1;
        if (m >= 0.5) {
          const mr = a / m;
          const ms = b / m;
          const vr = aa / m - mr * mr;
          const vs = bb / m - ms * ms;
          const cov = ab / m - mr * ms;
          const ssim = ((2 * mr * ms + C1) * (2 * cov + C2)) / ((mr * mr + ms * ms + C1) * (vr + vs + C2));
          cost = 1 - ssim;
          cost = cost < 0 ? 0 : cost > 1 ? 1 : cost;
        }
        acc[(y - tile.y0) * tw + (x - tile.x0)] += cost;
      }
    }
  }
}
