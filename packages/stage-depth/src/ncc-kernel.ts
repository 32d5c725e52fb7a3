import type { GreyPlane } from './grey-plane.js';
import { minWindowCount, type RefWindowStats } from './ref-window-stats.js';
import type { Rect } from './tile-region.js';

/**
 * Textbook zero-mean NCC over a `w×w` box window, `cost = clamp(1 − ncc, 0, 2)`, with running box sums.
 * Only pixels valid in the warped source (not NaN) and inside the image enter a window; a window with
 * fewer than `floor(w²/2)` such pixels costs 1.0. `ncc = cov / (sqrt(var_r · var_s) + 1e-8)` with
 * population (co)variances over the valid pixels of the window (see README: why textbook, not the
 * reference's per-pixel centring).
 *
 * One kernel serves a whole image or a tile: `warped` holds the source warped onto the `halo` rectangle
 * (the tile grown by `w // 2`, clipped to the image), row-major with the halo's width; costs of the tile's
 * pixels are added into `acc` (tile-sized, row-major).
 */
export class NccKernel {
  readonly window: number;
  readonly #r: number;
  readonly #minCount: number;
  #cols: Float64Array[] = [];
  #capacity = 0;

  constructor(window: number) {
    this.window = window;
    this.#r = window >> 1;
    this.#minCount = minWindowCount(window);
  }

  #ensure(width: number): Float64Array[] {
    if (width > this.#capacity) {
      this.#cols = Array.from({ length: 6 }, () => new Float64Array(width));
      this.#capacity = width;
    }
    for (const c of this.#cols) c.fill(0, 0, width);
    return this.#cols;
  }

  /**
   * Adds the cost of every tile pixel to `acc`. `allValid` promises that `warped` has no NaN inside the halo
   * (fast path: the reference's window statistics come from `stats`).
   */
  addTileCost(ref: GreyPlane, stats: RefWindowStats, warped: Float32Array, halo: Rect, tile: Rect, allValid: boolean, acc: Float32Array): void {
    if (allValid) this.#fast(ref, stats, warped, halo, tile, acc);
    else this.#masked(ref, warped, halo, tile, acc);
  }

  #fast(ref: GreyPlane, stats: RefWindowStats, warped: Float32Array, halo: Rect, tile: Rect, acc: Float32Array): void {
    const W = ref.width;
    const R = ref.data;
    const r = this.#r;
    const hw = halo.x1 - halo.x0;
    const hx0 = halo.x0;
    const [cS, cSS, cRS] = this.#ensure(hw);
    // Prime the column sums with the rows above the tile's first window centre.
    for (let y = halo.y0; y < tile.y0 + r && y < halo.y1; y++) {
      const wo = (y - halo.y0) * hw;
      const ro = y * W + hx0;
      for (let i = 0; i < hw; i++) {
        const s = warped[wo + i];
        cS[i] += s;
        cSS[i] += s * s;
        cRS[i] += R[ro + i] * s;
      }
    }
    const { invN, mean, sd } = stats;
    const tw = tile.x1 - tile.x0;
    const xStart = tile.x0 - hx0;
    const xEnd = tile.x1 - hx0;
    for (let y = tile.y0; y < tile.y1; y++) {
      const ya = y + r;
      const ys = y - r - 1;
      const add = ya < halo.y1;
      const sub = ys >= halo.y0;
      if (add && sub) {
        const wa = (ya - halo.y0) * hw;
        const ws = (ys - halo.y0) * hw;
        const ra = ya * W + hx0;
        const rs = ys * W + hx0;
        for (let i = 0; i < hw; i++) {
          const a = warped[wa + i];
          const b = warped[ws + i];
          cS[i] += a - b;
          cSS[i] += a * a - b * b;
          cRS[i] += R[ra + i] * a - R[rs + i] * b;
        }
      } else if (add) {
        const wa = (ya - halo.y0) * hw;
        const ra = ya * W + hx0;
        for (let i = 0; i < hw; i++) {
          const a = warped[wa + i];
          cS[i] += a;
          cSS[i] += a * a;
          cRS[i] += R[ra + i] * a;
        }
      } else if (sub) {
        const ws = (ys - halo.y0) * hw;
        const rs = ys * W + hx0;
        for (let i = 0; i < hw; i++) {
          const b = warped[ws + i];
          cS[i] -= b;
          cSS[i] -= b * b;
          cRS[i] -= R[rs + i] * b;
        }
      }
      let sS = 0;
      let sSS = 0;
      let sRS = 0;
      for (let i = Math.max(0, xStart - r); i < xStart + r && i < hw; i++) {
        sS += cS[i];
        sSS += cSS[i];
        sRS += cRS[i];
      }
      const so = y * W + hx0;
      const ao = (y - tile.y0) * tw - xStart;
      for (let i = xStart; i < xEnd; i++) {
        const ia = i + r;
        const is = i - r - 1;
        if (ia < hw) {
          sS += cS[ia];
          sSS += cSS[ia];
          sRS += cRS[ia];
        }
        if (is >= 0) {
          sS -= cS[is];
          sSS -= cSS[is];
          sRS -= cRS[is];
        }
        const p = so + i;
        const inv = invN[p];
        let cost = 1;
        if (inv > 0) {
          const ms = sS * inv;
          const vs = sSS * inv - ms * ms;
          const cov = sRS * inv - mean[p] * ms;
          cost = 1 - cov / (sd[p] * Math.sqrt(vs > 0 ? vs : 0) + 1e-8);
          cost = cost < 0 ? 0 : cost > 2 ? 2 : cost;
        }
        acc[ao + i] += cost;
      }
    }
  }

  #masked(ref: GreyPlane, warped: Float32Array, halo: Rect, tile: Rect, acc: Float32Array): void {
    const W = ref.width;
    const R = ref.data;
    const r = this.#r;
    const minCount = this.#minCount;
    const hw = halo.x1 - halo.x0;
    const hx0 = halo.x0;
    const [cM, cR, cRR, cS, cSS, cRS] = this.#ensure(hw);
    const addRow = (y: number, sign: number): void => {
      const wo = (y - halo.y0) * hw;
      const ro = y * W + hx0;
      for (let i = 0; i < hw; i++) {
        const s = warped[wo + i];
        if (s !== s) continue;
        const rv = R[ro + i];
        cM[i] += sign;
        cR[i] += sign * rv;
        cRR[i] += sign * rv * rv;
        cS[i] += sign * s;
        cSS[i] += sign * s * s;
        cRS[i] += sign * rv * s;
      }
    };
    for (let y = halo.y0; y < tile.y0 + r && y < halo.y1; y++) addRow(y, 1);
    const tw = tile.x1 - tile.x0;
    const xStart = tile.x0 - hx0;
    const xEnd = tile.x1 - hx0;
    for (let y = tile.y0; y < tile.y1; y++) {
      if (y + r < halo.y1) addRow(y + r, 1);
      if (y - r - 1 >= halo.y0) addRow(y - r - 1, -1);
      let sM = 0;
      let sR = 0;
      let sRR = 0;
      let sS = 0;
      let sSS = 0;
      let sRS = 0;
      for (let i = Math.max(0, xStart - r); i < xStart + r && i < hw; i++) {
        sM += cM[i];
        sR += cR[i];
        sRR += cRR[i];
        sS += cS[i];
        sSS += cSS[i];
        sRS += cRS[i];
      }
      const ao = (y - tile.y0) * tw - xStart;
      for (let i = xStart; i < xEnd; i++) {
        const ia = i + r;
        if (ia < hw) {
          sM += cM[ia];
          sR += cR[ia];
          sRR += cRR[ia];
          sS += cS[ia];
          sSS += cSS[ia];
          sRS += cRS[ia];
        }
        const is = i - r - 1;
        if (is >= 0) {
          sM -= cM[is];
          sR -= cR[is];
          sRR -= cRR[is];
          sS -= cS[is];
          sSS -= cSS[is];
          sRS -= cRS[is];
        }
        let cost = 1;
        // Counts are integers held exactly in float64; + 0.5 guards the comparison against drift.
        if (sM + 0.5 >= minCount) {
          const inv = 1 / sM;
          const mr = sR * inv;
          const ms = sS * inv;
          const vr = sRR * inv - mr * mr;
          const vs = sSS * inv - ms * ms;
          const cov = sRS * inv - mr * ms;
          cost = 1 - cov / (Math.sqrt((vr > 0 ? vr : 0) * (vs > 0 ? vs : 0)) + 1e-8);
          cost = cost < 0 ? 0 : cost > 2 ? 2 : cost;
        }
        acc[ao + i] += cost;
      }
    }
  }
}
