import type { Rect } from '../tile-region.js';
import { catmullRom, cellOf, type WarpTables } from '../warp-table.js';

// The JavaScript form of the sweep's warp coordinates, kept as the tests' oracle for the WebAssembly kernels
// (`warpRegion`, `surfacePositions`), which walk the rows the same way in the same float64 operations.

/** Reusable scratch for {@link warpCoordinates}. */
export class WarpScratch {
  rowU = new Float64Array(0);
  rowV = new Float64Array(0);
  readonly wy = new Float64Array(4);
  ensure(n: number): void {
    if (this.rowU.length < n) {
      this.rowU = new Float64Array(n);
      this.rowV = new Float64Array(n);
    }
  }
}

/**
 * Source coordinates (level pixels) of every reference pixel of `region` for depth index `k`: the Catmull-Rom
 * interpolation of {@link warpPoint}, evaluated along rows by forward differences (3 additions per coordinate and
 * pixel). Writes row-major with the region's width into `outU`, `outV` (NaN where the projection is invalid).
 */
export function warpCoordinates(
  warp: WarpTables,
  sourceIndex: number,
  k: number,
  region: Rect,
  outU: Float64Array,
  outV: Float64Array,
  scratch: WarpScratch,
): void {
  const { grid, nx, ny } = warp;
  const table = warp.table(sourceIndex, k);
  const rw = region.x1 - region.x0;
  const c0 = cellOf(region.x0, grid, nx) - 1;
  const c1 = cellOf(region.x1 - 1, grid, nx) + 2;
  scratch.ensure(c1 - c0 + 1);
  const { rowU, rowV, wy } = scratch;
  const inv = 1 / grid;
  for (let y = region.y0; y < region.y1; y++) {
    const cy = cellOf(y, grid, ny);
    catmullRom(y * inv - (cy - 1), wy);
    const w0 = wy[0];
    const w1 = wy[1];
    const w2 = wy[2];
    const w3 = wy[3];
    const r0 = (cy - 1) * nx * 2;
    const rs = nx * 2;
    for (let c = c0; c <= c1; c++) {
      const a = r0 + c * 2;
      rowU[c - c0] = w0 * table[a] + w1 * table[a + rs] + w2 * table[a + 2 * rs] + w3 * table[a + 3 * rs];
      rowV[c - c0] = w0 * table[a + 1] + w1 * table[a + rs + 1] + w2 * table[a + 2 * rs + 1] + w3 * table[a + 3 * rs + 1];
    }
    let o = (y - region.y0) * rw;
    let x = region.x0;
    while (x < region.x1) {
      const cell = cellOf(x, grid, nx);
      const xEnd = cell === nx - 3 ? region.x1 : Math.min(region.x1, cell * grid);
      // Catmull-Rom polynomial of this cell in t = (x − x_cell)/grid: p(t) = a + b t + c t² + d t³.
      const i = cell - c0;
      const u0 = rowU[i - 1],
        u1 = rowU[i],
        u2 = rowU[i + 1],
        u3 = rowU[i + 2];
      const v0 = rowV[i - 1],
        v1 = rowV[i],
        v2 = rowV[i + 1],
        v3 = rowV[i + 2];
      const ub = 0.5 * (u2 - u0),
        uc = u0 - 2.5 * u1 + 2 * u2 - 0.5 * u3,
        ud = 0.5 * (u3 - u0) + 1.5 * (u1 - u2);
      const vb = 0.5 * (v2 - v0),
        vc = v0 - 2.5 * v1 + 2 * v2 - 0.5 * v3,
        vd = 0.5 * (v3 - v0) + 1.5 * (v1 - v2);
      // Forward differences of the cubic along the row.
      const h = inv;
      const t0 = (x - (cell - 1) * grid) * inv;
      let u = u1 + t0 * (ub + t0 * (uc + t0 * ud));
      let v = v1 + t0 * (vb + t0 * (vc + t0 * vd));
      let du1 = ub * h + uc * (2 * t0 * h + h * h) + ud * (3 * t0 * t0 * h + 3 * t0 * h * h + h * h * h);
      let dv1 = vb * h + vc * (2 * t0 * h + h * h) + vd * (3 * t0 * t0 * h + 3 * t0 * h * h + h * h * h);
      let du2 = 2 * uc * h * h + ud * (6 * t0 * h * h + 6 * h * h * h);
      let dv2 = 2 * vc * h * h + vd * (6 * t0 * h * h + 6 * h * h * h);
      const du3 = 6 * ud * h * h * h;
      const dv3 = 6 * vd * h * h * h;
      for (; x < xEnd; x++, o++, u += du1, v += dv1, du1 += du2, dv1 += dv2, du2 += du3, dv2 += dv3) {
        outU[o] = u;
        outV[o] = v;
      }
    }
  }
}
