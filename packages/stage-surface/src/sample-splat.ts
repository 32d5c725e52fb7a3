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

/**
 * Adds the samples' screening mass (trilinear weights on the nodes, × `alpha`) and the divergence of their weighted
 * normals (splatted onto the faces of each axis, the lattice shifted by half a cell) to `mass` and `rhs`, only for
 * nodes of rank `[a0, a1)`. Each node receives its terms in sample order, so any split of the ranks gives the same
 * sums bit for bit.
 */
export function splatSamples(
  target: SplatTarget,
  samples: PoissonSamples,
  alpha: number,
  rhs: Float64Array,
  mass: Float64Array,
  a0: number,
  a1: number,
): void {
  const { lattice, cells, blocks } = target;
  const n = lattice.n;
  const r = lattice.r;
  const h = 1 / n;
  const { points: pts, normals, weights } = samples;
  if (a1 <= a0) return;
  // Samples whose nodes (k − 1 … k + 2) all lie outside the ranks' slab of k are skipped.
  const kLo = Math.floor(lattice.keys[a0] / (r * r));
  const kHi = Math.floor(lattice.keys[a1 - 1] / (r * r));
  for (let s = 0, count = weights.length; s < count; s++) {
    const u = pts[s * 3] * n;
    const v = pts[s * 3 + 1] * n;
    const w = pts[s * 3 + 2] * n;
    const i = Math.floor(u);
    const j = Math.floor(v);
    const k = Math.floor(w);
    if (k + 2 < kLo || k - 1 > kHi) continue;
    const c = i >= 0 && j >= 0 && k >= 0 && i < n && j < n && k < n ? cells.rankOf(i, j, k) : -1;
    if (c < 0) {
      splatSampleSlowly(lattice, samples, s, alpha, rhs, mass, a0, a1);
      continue;
    }
    // Block-local index of node (i, j, k) is 21 = (1·4 + 1)·4 + 1.
    const base = c * 64 + 21;
    const weight = weights[s];
    const x1 = u - i;
    const y1 = v - j;
    const z1 = w - k;
    const aw = alpha * weight;
    splatCorners(blocks, base, 1 - x1, x1, 1 - y1, y1, 1 - z1, z1, aw, mass, a0, a1);
    const nx = weight * normals[s * 3];
    if (nx !== 0) {
      const g = u - 0.5;
      const g0 = Math.floor(g);
      const gx = g - g0;
      splatFaces(blocks, base + g0 - i, 1, 1 - gx, gx, 1 - y1, y1, 1 - z1, z1, nx, h, rhs, a0, a1);
    }
    const ny = weight * normals[s * 3 + 1];
    if (ny !== 0) {
      const g = v - 0.5;
      const g0 = Math.floor(g);
      const gy = g - g0;
      splatFaces(blocks, base + (g0 - j) * 4, 4, 1 - x1, x1, 1 - gy, gy, 1 - z1, z1, ny, h, rhs, a0, a1);
    }
    const nz = weight * normals[s * 3 + 2];
    if (nz !== 0) {
      const g = w - 0.5;
      const g0 = Math.floor(g);
      const gz = g - g0;
      splatFaces(blocks, base + (g0 - k) * 16, 16, 1 - x1, x1, 1 - y1, y1, 1 - gz, gz, nz, h, rhs, a0, a1);
    }
  }
}

/** Screening mass `aw·b` onto the 8 corners from block slot `at` (weights x0/x1 along x, …). */
function splatCorners(
  blocks: Int32Array,
  at: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  z0: number,
  z1: number,
  aw: number,
  mass: Float64Array,
  a0: number,
  a1: number,
): void {
  for (let q = 0; q < 8; q++) {
    const b = (q & 1 ? x1 : x0) * (q & 2 ? y1 : y0) * (q & 4 ? z1 : z0);
    if (b === 0) continue;
    const a = blocks[at + (q & 1) + (q & 2) * 2 + (q & 4) * 4];
    if (a >= a0 && a < a1) mass[a] += aw * b;
  }
}

/** Face values `f·b / h` onto the 8 faces whose low node is at block slot `at` (+ corner), high node `step` further. */
function splatFaces(
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
  rhs: Float64Array,
  a0: number,
  a1: number,
): void {
  for (let q = 0; q < 8; q++) {
    const b = (q & 1 ? x1 : x0) * (q & 2 ? y1 : y0) * (q & 4 ? z1 : z0);
    if (b === 0) continue;
    const slot = at + (q & 1) + (q & 2) * 2 + (q & 4) * 4;
    const lo = blocks[slot];
    const hi = blocks[slot + step];
    if (lo < 0 || hi < 0) continue;
    const value = (f * b) / h;
    if (hi >= a0 && hi < a1) rhs[hi] += value;
    if (lo >= a0 && lo < a1) rhs[lo] -= value;
  }
}

/** One sample's terms by direct rank look-ups: samples outside the lattice's cells (not in `cells`). */
function splatSampleSlowly(
  lattice: NodeLattice,
  samples: PoissonSamples,
  s: number,
  alpha: number,
  rhs: Float64Array,
  mass: Float64Array,
  a0: number,
  a1: number,
): void {
  const n = lattice.n;
  const h = 1 / n;
  const w = samples.weights[s];
  const u = [samples.points[s * 3] * n, samples.points[s * 3 + 1] * n, samples.points[s * 3 + 2] * n];
  forTrilinear(u[0], u[1], u[2], (i, j, k, b) => {
    const a = lattice.rankOf(i, j, k);
    if (a >= a0 && a < a1) mass[a] += alpha * w * b;
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
      if (hi >= a0 && hi < a1) rhs[hi] += v;
      if (lo >= a0 && lo < a1) rhs[lo] -= v;
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
