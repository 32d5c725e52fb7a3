import type { NodeLattice } from './node-lattice.js';
import type { PoissonSamples } from './poisson-level.js';

/**
 * Per occupied cell (rank in `cells`), the ranks in `lattice` of the 4×4×4 nodes `i − 1 … i + 2` along each axis
 * (−1 where absent), for cells `[c0, c1)`: every node a sample in the cell splats onto (corners, and both ends of the
 * staggered faces), so that a sample costs one rank look-up instead of 32.
 */
export function cellBlocks(cells: NodeLattice, lattice: NodeLattice, c0: number, c1: number, blocks: Int32Array): void {
  const r = cells.r;
  const keys = cells.keys;
  for (let c = c0; c < c1; c++) {
    const key = keys[c];
    const ci = (key % r) - 1;
    const cj = (Math.floor(key / r) % r) - 1;
    const ck = Math.floor(key / (r * r)) - 1;
    let q = c * 64;
    for (let z = 0; z < 4; z++) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 4; x++) blocks[q++] = lattice.rankOf(ci + x, cj + y, ck + z);
      }
    }
  }
}

/** What {@link splatSamples} splats onto: the level's node lattice, its occupied cells and their {@link cellBlocks}. */
export interface SplatTarget {
  readonly lattice: NodeLattice;
  readonly cells: NodeLattice;
  readonly blocks: Int32Array;
}

/** The nodes whose coordinate along `axis` (0: x, 1: y, 2: z) lies in `[lo, hi)`. */
export interface Slab {
  readonly axis: number;
  readonly lo: number;
  readonly hi: number;
}

/** Every node. */
export const WHOLE_LATTICE: Slab = { axis: 0, lo: -Infinity, hi: Infinity };

/**
 * Adds the samples' screening mass (trilinear weights on the nodes, × `alpha`) and the divergence of their weighted
 * normals (splatted onto the faces of each axis, the lattice shifted by half a cell) to `mass` and `rhs`, only for
 * the nodes in `slab`. Each node receives its terms in sample order, so any split into slabs gives the same sums bit
 * for bit.
 */
export function splatSamples(target: SplatTarget, samples: PoissonSamples, alpha: number, rhs: Float64Array, mass: Float64Array, slab: Slab): void {
  const { lattice, cells, blocks } = target;
  const n = lattice.n;
  const h = 1 / n;
  const { points: pts, normals, weights } = samples;
  const { axis, lo, hi } = slab;
  const shift = 2 * axis;
  for (let s = 0, count = weights.length; s < count; s++) {
    // The sample's nodes lie at i − 1 … i + 2 (j, k) along the slab's axis: local block coordinates 0 … 3.
    const first = Math.floor(pts[s * 3 + axis] * n) - 1;
    if (first + 3 < lo || first >= hi) continue;
    const u = pts[s * 3] * n;
    const v = pts[s * 3 + 1] * n;
    const w = pts[s * 3 + 2] * n;
    const i = Math.floor(u);
    const j = Math.floor(v);
    const k = Math.floor(w);
    const c = i >= 0 && j >= 0 && k >= 0 && i < n && j < n && k < n ? cells.rankOf(i, j, k) : -1;
    if (c < 0) {
      splatSampleSlowly(lattice, samples, s, alpha, rhs, mass, slab);
      continue;
    }
    // Kept block slots: local coordinate along the axis in [keepLo, keepHi) (all when the sample is inside the slab).
    const keepLo = first >= lo ? 0 : lo - first;
    const keepHi = first + 4 <= hi ? 4 : hi - first;
    const keep = keepLo === 0 && keepHi === 4 ? ALL : keepHi * 8 + keepLo;
    // Block-local index of node (i, j, k) is 21 = (1·4 + 1)·4 + 1.
    const base = c * 64 + 21;
    const weight = weights[s];
    const x1 = u - i;
    const y1 = v - j;
    const z1 = w - k;
    const aw = alpha * weight;
    splatBlock(blocks, base, 0, 1 - x1, x1, 1 - y1, y1, 1 - z1, z1, aw, h, mass, c * 64, shift, keep);
    const nx = weight * normals[s * 3];
    if (nx !== 0) {
      const g = u - 0.5;
      const g0 = Math.floor(g);
      const gx = g - g0;
      splatBlock(blocks, base + g0 - i, 1, 1 - gx, gx, 1 - y1, y1, 1 - z1, z1, nx, h, rhs, c * 64, shift, keep);
    }
    const ny = weight * normals[s * 3 + 1];
    if (ny !== 0) {
      const g = v - 0.5;
      const g0 = Math.floor(g);
      const gy = g - g0;
      splatBlock(blocks, base + (g0 - j) * 4, 4, 1 - x1, x1, 1 - gy, gy, 1 - z1, z1, ny, h, rhs, c * 64, shift, keep);
    }
    const nz = weight * normals[s * 3 + 2];
    if (nz !== 0) {
      const g = w - 0.5;
      const g0 = Math.floor(g);
      const gz = g - g0;
      splatBlock(blocks, base + (g0 - k) * 16, 16, 1 - x1, x1, 1 - y1, y1, 1 - gz, gz, nz, h, rhs, c * 64, shift, keep);
    }
  }
}

/**
 * The 8 block slots from `at` (+ corner), weighted b = x·y·z (x0/x1 along x, …): with `step` 0 the screening mass
 * `f·b` onto each corner node of `out`; else the face values `f·b / h` onto the faces whose low node is at the slot,
 * high node `step` further.
 */
function splatBlock(
  blocks: Int32Array,
  at: number,
  step: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  z0: number,
  z1: number,
  f: number,
  h: number,
  out: Float64Array,
  cell: number,
  shift: number,
  keep: number,
): void {
  for (let q = 0; q < 8; q++) {
    const b = (q & 1 ? x1 : x0) * (q & 2 ? y1 : y0) * (q & 4 ? z1 : z0);
    if (b === 0) continue;
    const slot = at + (q & 1) + (q & 2) * 2 + (q & 4) * 4;
    const lo = blocks[slot];
    if (step === 0) {
      if (lo >= 0 && isKept(slot, cell, shift, keep)) out[lo] += f * b;
      continue;
    }
    const hi = blocks[slot + step];
    if (lo < 0 || hi < 0) continue;
    const value = (f * b) / h;
    if (isKept(slot + step, cell, shift, keep)) out[hi] += value;
    if (isKept(slot, cell, shift, keep)) out[lo] -= value;
  }
}

/** `keep` for a sample whose block lies inside the slab. */
const ALL = -1;

/** Whether block slot `slot` of the block at `cell` is kept: its coordinate along the axis (bits `shift`, `shift + 1`) in `[keep % 8, keep / 8)`. */
function isKept(slot: number, cell: number, shift: number, keep: number): boolean {
  if (keep === ALL) return true;
  const x = ((slot - cell) >> shift) & 3;
  return x >= (keep & 7) && x < keep >> 3;
}

/** One sample's terms by direct rank look-ups: samples outside the lattice's cells (not in `cells`). */
function splatSampleSlowly(
  lattice: NodeLattice,
  samples: PoissonSamples,
  s: number,
  alpha: number,
  rhs: Float64Array,
  mass: Float64Array,
  slab: Slab,
): void {
  const inSlab = (i: number, j: number, k: number): boolean => {
    const x = slab.axis === 0 ? i : slab.axis === 1 ? j : k;
    return x >= slab.lo && x < slab.hi;
  };
  const n = lattice.n;
  const h = 1 / n;
  const w = samples.weights[s];
  const u = [samples.points[s * 3] * n, samples.points[s * 3 + 1] * n, samples.points[s * 3 + 2] * n];
  forTrilinear(u[0], u[1], u[2], (i, j, k, b) => {
    const a = lattice.rankOf(i, j, k);
    if (a >= 0 && inSlab(i, j, k)) mass[a] += alpha * w * b;
  });
  for (let axis = 0; axis < 3; axis++) {
    const f = w * samples.normals[s * 3 + axis];
    if (f === 0) continue;
    const su = axis === 0 ? u[0] - 0.5 : u[0];
    const sv = axis === 1 ? u[1] - 0.5 : u[1];
    const sw = axis === 2 ? u[2] - 0.5 : u[2];
    forTrilinear(su, sv, sw, (i, j, k, b) => {
      const lo = lattice.rankOf(i, j, k);
      const hi = axis === 0 ? lattice.rankOf(i + 1, j, k) : axis === 1 ? lattice.rankOf(i, j + 1, k) : lattice.rankOf(i, j, k + 1);
      if (lo < 0 || hi < 0) return;
      const v = (f * b) / h;
      if (inSlab(i + (axis === 0 ? 1 : 0), j + (axis === 1 ? 1 : 0), k + (axis === 2 ? 1 : 0))) rhs[hi] += v;
      if (inSlab(i, j, k)) rhs[lo] -= v;
    });
  }
}

/** Calls `visit` for the 8 lattice nodes around (u, v, w) with their trilinear weights. */
export function forTrilinear(u: number, v: number, w: number, visit: (i: number, j: number, k: number, b: number) => void): void {
  const i = Math.floor(u);
  const j = Math.floor(v);
  const k = Math.floor(w);
  const fu = u - i;
  const fv = v - j;
  const fw = w - k;
  for (let c = 0; c < 8; c++) {
    const di = c & 1;
    const dj = (c >> 1) & 1;
    const dk = c >> 2;
    const b = (di ? fu : 1 - fu) * (dj ? fv : 1 - fv) * (dk ? fw : 1 - fw);
    if (b !== 0) visit(i + di, j + dj, k + dk, b);
  }
}
