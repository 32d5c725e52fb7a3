import type { RefractiveProjection } from '@aquamvs/geometry';
import type { GreyPlane } from './grey-plane.js';
import type { Rect } from './tile-region.js';

/**
 * A pyramid level of the sweep: images are the full-resolution ones box-downsampled by `scale`; level
 * pixel `x` has its centre at full-resolution coordinate `scale·x + (scale − 1)/2`.
 */
export interface SweepLevel {
  readonly scale: number;
  /** Reference image size at this level. */
  readonly width: number;
  readonly height: number;
}

/**
 * Warp lookup tables of one reference camera at one level: for every source and depth hypothesis, the
 * source pixel (level coordinates) that the hypothesis point of each node of a coarse grid over the
 * reference image projects to. Node `i` sits at level coordinate `(i − 1)·grid` (one node of margin on every
 * side); pixels in between interpolate with Catmull-Rom cubics in x and y (the map is smooth; see README for
 * the measured error). Tables are built per depth on first use, so a coarse-to-fine sweep only pays for the
 * depths it visits.
 */
export class WarpTables {
  readonly level: SweepLevel;
  readonly grid: number;
  readonly nx: number;
  readonly ny: number;
  readonly depths: Float64Array;
  readonly #sources: readonly RefractiveProjection[];
  readonly #origins: Float64Array;
  readonly #directions: Float64Array;
  readonly #tables: (Float32Array | undefined)[];
  readonly #point = new Float64Array(2);

  /** Casts one refracted ray per grid node of the reference (full-resolution pixel centres of the level's nodes). */
  constructor(ref: RefractiveProjection, sources: readonly RefractiveProjection[], depths: Float64Array, level: SweepLevel, grid: number) {
    this.level = level;
    this.grid = grid;
    this.depths = depths;
    this.#sources = sources;
    const F = level.scale;
    const half = (F - 1) / 2;
    this.nx = Math.ceil((level.width - 1) / grid) + 4;
    this.ny = Math.ceil((level.height - 1) / grid) + 4;
    const pixels = new Float64Array(this.nx * this.ny * 2);
    for (let j = 0; j < this.ny; j++) {
      for (let i = 0; i < this.nx; i++) {
        pixels[(j * this.nx + i) * 2] = F * (i - 1) * grid + half;
        pixels[(j * this.nx + i) * 2 + 1] = F * (j - 1) * grid + half;
      }
    }
    const rays = ref.castRay(pixels);
    this.#origins = rays.origins;
    this.#directions = rays.directions;
    this.#tables = new Array<Float32Array | undefined>(depths.length * sources.length).fill(undefined);
  }

  /** The first and last node rows (inclusive) that the interpolation of pixel rows `[y0, y1)` reads. */
  nodeRows(y0: number, y1: number): [number, number] {
    return [cellOf(y0, this.grid, this.ny) - 1, cellOf(y1 - 1, this.grid, this.ny) + 2];
  }

  /** Number of tables built so far (one per source and visited depth). */
  get built(): number {
    return this.#tables.filter((t) => t !== undefined).length;
  }

  /** The `ny × nx × 2` table of source `s` at depth index `k`, projecting `origin + δ_k·direction` exactly. */
  table(s: number, k: number): Float32Array {
    const key = k * this.#sources.length + s;
    const cached = this.#tables[key];
    if (cached !== undefined) return cached;
    const F = this.level.scale;
    const half = (F - 1) / 2;
    const nodes = this.nx * this.ny;
    const table = new Float32Array(nodes * 2);
    const d = this.depths[k];
    const o = this.#origins;
    const dir = this.#directions;
    const out = this.#point;
    const src = this.#sources[s];
    for (let p = 0; p < nodes; p++) {
      const i = p * 3;
      const ok = src.projectPoint(o[i] + d * dir[i], o[i + 1] + d * dir[i + 1], o[i + 2] + d * dir[i + 2], out);
      table[p * 2] = ok ? (out[0] - half) / F : Number.NaN;
      table[p * 2 + 1] = ok ? (out[1] - half) / F : Number.NaN;
    }
    this.#tables[key] = table;
    return table;
  }
}

/** Catmull-Rom weights of the four nodes around parameter `t` ∈ [0, 1). */
function catmullRom(t: number, w: Float64Array): void {
  const t2 = t * t;
  const t3 = t2 * t;
  w[0] = 0.5 * (-t3 + 2 * t2 - t);
  w[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
  w[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
  w[3] = 0.5 * (t3 - t2);
}

/** Node cell of coordinate `x`: the index of the node left of it (node `c` sits at `(c − 1)·grid`). */
function cellOf(x: number, grid: number, n: number): number {
  const c = Math.floor(x / grid) + 1;
  return c > n - 3 ? n - 3 : c;
}

/** The interpolated source pixel (level coordinates) of reference pixel (x, y) for source `s`, depth `k`. */
export function warpPoint(warp: WarpTables, s: number, k: number, x: number, y: number): [number, number] {
  const t = warp.table(s, k);
  const { grid, nx, ny } = warp;
  const cx = cellOf(x, grid, nx);
  const cy = cellOf(y, grid, ny);
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  catmullRom(x / grid - (cx - 1), wx);
  catmullRom(y / grid - (cy - 1), wy);
  let u = 0;
  let v = 0;
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) {
      const o = ((cy - 1 + j) * nx + cx - 1 + i) * 2;
      u += wy[j] * wx[i] * t[o];
      v += wy[j] * wx[i] * t[o + 1];
    }
  }
  return [u, v];
}

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

/** Tolerance (pixels) for samples that project just outside the image border (rounding of the identity warp). */
const EDGE = 1e-3;

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

/**
 * Bilinear sample of `src` at `(u, v)` (pixel centres at integers); NaN outside `[0, W−1] × [0, H−1]` (with a
 * {@link EDGE} tolerance) or when `u`/`v` is NaN.
 */
export function sampleBilinear(src: GreyPlane, u: number, v: number): number {
  const umax = src.width - 1;
  const vmax = src.height - 1;
  if (!(u >= -EDGE && u <= umax + EDGE && v >= -EDGE && v <= vmax + EDGE)) return Number.NaN;
  const uc = u < 0 ? 0 : u > umax ? umax : u;
  const vc = v < 0 ? 0 : v > vmax ? vmax : v;
  let xi = uc | 0;
  let yi = vc | 0;
  if (xi >= umax) xi = umax - 1;
  if (yi >= vmax) yi = vmax - 1;
  const fx = uc - xi;
  const fy = vc - yi;
  const S = src.data;
  const W = src.width;
  const p = yi * W + xi;
  const top = S[p] + fx * (S[p + 1] - S[p]);
  const bot = S[p + W] + fx * (S[p + W + 1] - S[p + W]);
  return top + fy * (bot - top);
}
