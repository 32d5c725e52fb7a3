import type { Rect } from './tile-region.js';
import type { WarpTables } from './warp-table.js';
import type { DepthHypotheses } from './depth-hypotheses.js';
import type { SweepKernels } from './sweep-kernels.js';

/** Per-pixel source coordinates of a region and their derivatives along the reference rays (pixels per metre). */
export interface SurfacePositions {
  u: Float64Array;
  v: Float64Array;
  du: Float64Array;
  dv: Float64Array;
}

/** Depth-index spacing of the warp-coordinate anchors a pixel interpolates between (linear in depth; a power of two). */
const ANCHOR_SPACING = 4;

/**
 * Warps a reference region onto a source at a per-pixel depth (a surface, not a plane): pixel `q` lands at the
 * source position of depth `D(q)`, interpolated linearly between warp-table depths every {@link ANCHOR_SPACING}
 * hypotheses (the projection is smooth along a ray), with the derivative `∂(u, v)/∂D` of that interpolation. Shared
 * by the refinements that move a surface along the rays. The positions are computed by the sweep's WebAssembly
 * kernels (`SweepKernels.surfacePositions`), where {@link SweepKernels.warpShifted} samples them.
 */
export class SurfaceWarp {
  readonly #warp: WarpTables;
  readonly #kernels: SweepKernels;
  readonly #hypotheses: { readonly min: number; readonly step: number; readonly spacing: number };
  readonly #count: number;
  #depth: Float32Array = new Float32Array(0);
  #width = 0;
  #region: Rect = { x0: 0, y0: 0, x1: 0, y1: 0 };
  #anchors = new Int32Array(0);

  constructor(warp: WarpTables, hypotheses: DepthHypotheses, kernels: SweepKernels) {
    this.#warp = warp;
    this.#kernels = kernels;
    this.#count = hypotheses.count;
    const step = hypotheses.count > 1 ? (hypotheses.max - hypotheses.min) / (hypotheses.count - 1) : 0;
    this.#hypotheses = { min: hypotheses.min, step, spacing: ANCHOR_SPACING };
  }

  /** Fresh output buffers for regions of up to `n` pixels. */
  static buffers(n: number): SurfacePositions {
    return { u: new Float64Array(n), v: new Float64Array(n), du: new Float64Array(n), dv: new Float64Array(n) };
  }

  /**
   * The surface for the next {@link load}s and {@link read}s: `region`'s pixels at depth `depth[y·W + x]` (full-image
   * map, row-major with width `W`; not modified while in use). False when the region has no valid depth (nothing to
   * load).
   */
  setSurface(depth: Float32Array, W: number, region: Rect): boolean {
    const { min, step } = this.#hypotheses;
    const count = this.#count;
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
    // Anchors every ANCHOR_SPACING depth indices from the lowest index used, at least two, the last clamped.
    const k0 = Math.max(0, Math.min(count - 2, Math.floor(fMin)));
    const top = Math.min(count - 1, Math.ceil(fMax));
    const A = Math.max(2, Math.ceil((top - k0) / ANCHOR_SPACING) + 1);
    if (this.#anchors.length !== A) this.#anchors = new Int32Array(A);
    for (let a = 0; a < A; a++) this.#anchors[a] = Math.min(count - 1, k0 + a * ANCHOR_SPACING);
    this.#depth = depth;
    this.#width = W;
    this.#region = region;
    return true;
  }

  /** Source `s`'s positions on the surface into the kernels' memory, for `SweepKernels.warpShifted`. */
  load(s: number): void {
    this.#kernels.surfacePositions(s, this.#warp, this.#depth, this.#width, this.#region, this.#anchors, this.#hypotheses);
  }

  /** Source `s`'s positions on the surface, copied to `out` (row-major with the region's width; `u` NaN where the depth is). */
  read(s: number, out: SurfacePositions): void {
    this.load(s);
    const r = this.#region;
    const size = (r.x1 - r.x0) * (r.y1 - r.y0);
    const { uv, duv } = this.#kernels.positions(s, size);
    for (let i = 0; i < size; i++) {
      out.u[i] = uv[2 * i];
      out.v[i] = uv[2 * i + 1];
      out.du[i] = duv[2 * i];
      out.dv[i] = duv[2 * i + 1];
    }
  }
}
