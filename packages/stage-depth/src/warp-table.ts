import type { RefractiveProjection } from '@aquamvs/geometry';
import type { GreyPlane } from './grey-plane.js';

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
export function catmullRom(t: number, w: Float64Array): void {
  const t2 = t * t;
  const t3 = t2 * t;
  w[0] = 0.5 * (-t3 + 2 * t2 - t);
  w[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
  w[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
  w[3] = 0.5 * (t3 - t2);
}

/** Node cell of coordinate `x`: the index of the node left of it (node `c` sits at `(c − 1)·grid`). */
export function cellOf(x: number, grid: number, n: number): number {
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

/** Tolerance (pixels) for samples that project just outside the image border (rounding of the identity warp). */
const EDGE = 1e-3;

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
