import type { Rect } from './tile-region.js';
import { WarpScratch, warpCoordinates, type WarpTables } from './warp-table.js';
import type { DepthHypotheses } from './depth-hypotheses.js';

/** Per-pixel source coordinates of a region and their derivatives along the reference rays (pixels per metre). */
export interface SurfacePositions {
  u: Float64Array;
  v: Float64Array;
  du: Float64Array;
  dv: Float64Array;
}

/** Depth-index spacing of the warp-coordinate anchors a pixel interpolates between (linear in depth). */
const ANCHOR_SPACING = 4;

/**
 * Warps a reference region onto a source at a per-pixel depth (a surface, not a plane): pixel `q` lands at the
 * source position of depth `D(q)`, interpolated linearly between warp-table depths every {@link ANCHOR_SPACING}
 * hypotheses (the projection is smooth along a ray), with the derivative `∂(u, v)/∂D` of that interpolation. Shared
 * by the refinements that move a surface along the rays.
 */
export class SurfaceWarp {
  readonly #warp: WarpTables;
  readonly #hypotheses: DepthHypotheses;
  readonly #step: number;
  readonly #scratch = new WarpScratch();
  readonly #anchorU: Float64Array[] = [];
  readonly #anchorV: Float64Array[] = [];
  #capacity = 0;

  constructor(warp: WarpTables, hypotheses: DepthHypotheses) {
    this.#warp = warp;
    this.#hypotheses = hypotheses;
    this.#step = hypotheses.count > 1 ? (hypotheses.max - hypotheses.min) / (hypotheses.count - 1) : 0;
  }

  /** Fresh output buffers for regions of up to `n` pixels. */
  static buffers(n: number): SurfacePositions {
    return { u: new Float64Array(n), v: new Float64Array(n), du: new Float64Array(n), dv: new Float64Array(n) };
  }

  /**
   * Positions in source `s` of every pixel of `region` at depth `depth[y·W + x]` (full-image map, row-major with width
   * `W`), written row-major with the region's width; `u` is NaN where the depth is NaN. False when the region has no
   * valid depth (nothing written).
   */
  positions(s: number, depth: Float32Array, W: number, region: Rect, out: SurfacePositions): boolean {
    const { min, count } = this.#hypotheses;
    const step = this.#step;
    let fMin = Infinity;
    let fMax = -Infinity;
    for (let y = region.y0; y < region.y1; y++) {
      for (let x = region.x0; x < region.x1; x++) {
        const d = depth[y * W + x];
        if (d !== d) continue;
        const f = (d - min) / step;
        if (f < fMin) fMin = f;
        if (f > fMax) fMax = f;
      }
    }
    if (!(fMin <= fMax) || step === 0) return false;
    const k0 = Math.max(0, Math.min(count - 2, Math.floor(fMin)));
    const anchors: number[] = [k0];
    while (anchors[anchors.length - 1] < Math.min(count - 1, Math.ceil(fMax)) || anchors.length < 2) {
      anchors.push(Math.min(count - 1, anchors[anchors.length - 1] + ANCHOR_SPACING));
    }
    const size = (region.x1 - region.x0) * (region.y1 - region.y0);
    if (size > this.#capacity) {
      this.#anchorU.length = 0;
      this.#anchorV.length = 0;
      this.#capacity = size;
    }
    while (this.#anchorU.length < anchors.length) {
      this.#anchorU.push(new Float64Array(this.#capacity));
      this.#anchorV.push(new Float64Array(this.#capacity));
    }
    const aU = this.#anchorU;
    const aV = this.#anchorV;
    for (let a = 0; a < anchors.length; a++) warpCoordinates(this.#warp, s, anchors[a], region, aU[a], aV[a], this.#scratch);
    const last = anchors.length - 2;
    for (let y = region.y0, i = 0; y < region.y1; y++) {
      for (let x = region.x0; x < region.x1; x++, i++) {
        const d = depth[y * W + x];
        if (d !== d) {
          out.u[i] = Number.NaN;
          continue;
        }
        const f = (d - min) / step;
        let a = Math.floor((f - k0) / ANCHOR_SPACING);
        a = a < 0 ? 0 : a > last ? last : a;
        const ka = anchors[a];
        const span = anchors[a + 1] - ka;
        const t = (f - ka) / span;
        const ua = aU[a][i];
        const va = aV[a][i];
        const dU = aU[a + 1][i] - ua;
        const dV = aV[a + 1][i] - va;
        out.u[i] = ua + t * dU;
        out.v[i] = va + t * dV;
        out.du[i] = dU / (span * step);
        out.dv[i] = dV / (span * step);
      }
    }
    return true;
  }
}
