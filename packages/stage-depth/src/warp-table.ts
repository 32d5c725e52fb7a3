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
 * reference image projects to. Nodes sit every `grid` level pixels; pixels in between interpolate
 * bilinearly (the map is smooth: see README for the measured error). Tables are built per depth on first
 * use, so a coarse-to-fine sweep only pays for the depths it visits.
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
  constructor(
    ref: RefractiveProjection,
    sources: readonly RefractiveProjection[],
    depths: Float64Array,
    level: SweepLevel,
    grid: number,
  ) {
    this.level = level;
    this.grid = grid;
    this.depths = depths;
    this.#sources = sources;
    const F = level.scale;
    const half = (F - 1) / 2;
    this.nx = Math.max(2, Math.ceil((level.width - 1) / grid) + 1);
    this.ny = Math.max(2, Math.ceil((level.height - 1) / grid) + 1);
    const pixels = new Float64Array(this.nx * this.ny * 2);
    for (let j = 0; j < this.ny; j++) {
      for (let i = 0; i < this.nx; i++) {
        pixels[(j * this.nx + i) * 2] = F * i * grid + half;
        pixels[(j * this.nx + i) * 2 + 1] = F * j * grid + half;
      }
    }
    const rays = ref.castRay(pixels);
    this.#origins = rays.origins;
    this.#directions = rays.directions;
    this.#tables = new Array<Float32Array | undefined>(depths.length * sources.length).fill(undefined);
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

/** Reusable scratch for {@link warpRegion}. */
export class WarpScratch {
  rowU = new Float64Array(0);
  rowV = new Float64Array(0);
  ensure(n: number): void {
    if (this.rowU.length < n) {
      this.rowU = new Float64Array(n);
      this.rowV = new Float64Array(n);
    }
  }
}

/**
 * Warps `src` onto the reference pixels of `region` for depth index `k` (bilinear sampling, pixel centres at
 * integers). Samples whose projection is invalid or falls outside `[0, W−1] × [0, H−1]` are NaN. Writes
 * row-major with the region's width into `out`; returns the number of NaN samples.
 */
export function warpRegion(
  warp: WarpTables,
  sourceIndex: number,
  k: number,
  src: GreyPlane,
  region: Rect,
  out: Float32Array,
  scratch: WarpScratch,
): number {
  const { grid, nx } = warp;
  const ny = warp.ny;
  const table = warp.table(sourceIndex, k);
  const base = 0;
  const Ws = src.width;
  const Hs = src.height;
  const S = src.data;
  const umax = Ws - 1;
  const vmax = Hs - 1;
  const rw = region.x1 - region.x0;
  const c0 = Math.min(Math.floor(region.x0 / grid), nx - 2);
  const c1 = Math.min(Math.floor((region.x1 - 1) / grid) + 1, nx - 1);
  scratch.ensure(c1 - c0 + 1);
  const { rowU, rowV } = scratch;
  const inv = 1 / grid;
  let invalid = 0;
  for (let y = region.y0; y < region.y1; y++) {
    let iy = Math.floor(y * inv);
    if (iy > ny - 2) iy = ny - 2;
    const fy = (y - iy * grid) * inv;
    const r0 = base + iy * nx * 2;
    const r1 = r0 + nx * 2;
    for (let c = c0; c <= c1; c++) {
      const a = r0 + c * 2;
      const b = r1 + c * 2;
      rowU[c - c0] = table[a] + fy * (table[b] - table[a]);
      rowV[c - c0] = table[a + 1] + fy * (table[b + 1] - table[a + 1]);
    }
    let o = (y - region.y0) * rw;
    let x = region.x0;
    while (x < region.x1) {
      let cell = Math.floor(x * inv);
      if (cell > nx - 2) cell = nx - 2;
      const xEnd = cell === nx - 2 ? region.x1 : Math.min(region.x1, (cell + 1) * grid);
      const ci = cell - c0;
      const du = (rowU[ci + 1] - rowU[ci]) * inv;
      const dv = (rowV[ci + 1] - rowV[ci]) * inv;
      const t0 = x - cell * grid;
      let u = rowU[ci] + t0 * du;
      let v = rowV[ci] + t0 * dv;
      for (; x < xEnd; x++, o++, u += du, v += dv) {
        if (u >= 0 && u <= umax && v >= 0 && v <= vmax) {
          let xi = u | 0;
          let yi = v | 0;
          if (xi >= umax) xi = umax - 1;
          if (yi >= vmax) yi = vmax - 1;
          const fx = u - xi;
          const fyy = v - yi;
          const p = yi * Ws + xi;
          const top = S[p] + fx * (S[p + 1] - S[p]);
          const bot = S[p + Ws] + fx * (S[p + Ws + 1] - S[p + Ws]);
          out[o] = top + fyy * (bot - top);
        } else {
          out[o] = Number.NaN;
          invalid++;
        }
      }
    }
  }
  return invalid;
}
