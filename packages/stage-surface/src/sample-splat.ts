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
 * A cell's terms, summed over its samples before they reach the nodes: the 8 corner weights of the screening mass,
 * then for each axis the face weights of its two staggered cells (low nodes at the cell's coordinate − 1 and at it), 8
 * each.
 */
const CELL_TERMS = 56;

/**
 * Adds the samples' screening mass (trilinear weights on the nodes, × `alpha`) and the divergence of their weighted
 * normals (splatted onto the faces of each axis, the lattice shifted by half a cell) to `mass` and `rhs`, only for
 * the nodes in `slab`. The samples' weights are first summed per cell and corner (a fused cloud has ~10 samples a
 * cell at the finest depth, thousands at the coarsest), then each cell's sums go to its nodes, cells in rank order:
 * every node receives its terms in the same order whatever the split into slabs, so the sums are the same bit for bit.
 */
export function splatSamples(target: SplatTarget, samples: PoissonSamples, alpha: number, rhs: Float64Array, mass: Float64Array, slab: Slab): void {
  const { lattice, cells, blocks } = target;
  const n = lattice.n;
  const h = 1 / n;
  const { points: pts, normals, weights } = samples;
  const { axis, lo, hi } = slab;
  const shift = 2 * axis;
  // The cells whose 4 × 4 × 4 node blocks meet the slab, numbered in rank order.
  const r = cells.r;
  const stride = axis === 0 ? 1 : axis === 1 ? r : r * r;
  const keys = cells.keys;
  const local = new Int32Array(cells.size);
  let used = 0;
  for (let c = 0; c < keys.length; c++) {
    const first = (Math.floor(keys[c] / stride) % r) - 1;
    local[c] = first + 3 < lo || first >= hi ? -1 : used++;
  }
  const terms = new Float64Array(used * CELL_TERMS);
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
    const t = local[c] * CELL_TERMS;
    const weight = weights[s];
    const x1 = u - i;
    const y1 = v - j;
    const z1 = w - k;
    addCorners(terms, t, alpha * weight, 1 - x1, x1, 1 - y1, y1, 1 - z1, z1);
    const nx = weight * normals[s * 3];
    if (nx !== 0) {
      const g = u - 0.5;
      const g0 = Math.floor(g);
      const gx = g - g0;
      addCorners(terms, t + 8 + (g0 - i + 1) * 8, nx, 1 - gx, gx, 1 - y1, y1, 1 - z1, z1);
    }
    const ny = weight * normals[s * 3 + 1];
    if (ny !== 0) {
      const g = v - 0.5;
      const g0 = Math.floor(g);
      const gy = g - g0;
      addCorners(terms, t + 24 + (g0 - j + 1) * 8, ny, 1 - x1, x1, 1 - gy, gy, 1 - z1, z1);
    }
    const nz = weight * normals[s * 3 + 2];
    if (nz !== 0) {
      const g = w - 0.5;
      const g0 = Math.floor(g);
      const gz = g - g0;
      addCorners(terms, t + 40 + (g0 - k + 1) * 8, nz, 1 - x1, x1, 1 - y1, y1, 1 - gz, gz);
    }
  }
  for (let c = 0; c < keys.length; c++) {
    if (local[c] < 0) continue;
    const t = local[c] * CELL_TERMS;
    // Kept block slots: local coordinate along the axis in [keepLo, keepHi) (all when the block is inside the slab).
    const first = (Math.floor(keys[c] / stride) % r) - 1;
    const keepLo = first >= lo ? 0 : lo - first;
    const keepHi = first + 4 <= hi ? 4 : hi - first;
    const keep = keepLo === 0 && keepHi === 4 ? ALL : keepHi * 8 + keepLo;
    // Block-local index of node (i, j, k) is 21 = (1·4 + 1)·4 + 1; a staggered cell's low nodes lie 0 or 1 before it.
    const base = c * 64 + 21;
    splatTerms(blocks, terms, t, base, 0, h, mass, c * 64, shift, keep);
    for (let low = 0; low < 2; low++) {
      splatTerms(blocks, terms, t + 8 + low * 8, base + low - 1, 1, h, rhs, c * 64, shift, keep);
      splatTerms(blocks, terms, t + 24 + low * 8, base + (low - 1) * 4, 4, h, rhs, c * 64, shift, keep);
      splatTerms(blocks, terms, t + 40 + low * 8, base + (low - 1) * 16, 16, h, rhs, c * 64, shift, keep);
    }
  }
}

/** Adds `f` times the 8 corner weights b = x·y·z (x0/x1 along x, …; corner bits x, y, z) to `terms[t …]`. */
function addCorners(terms: Float64Array, t: number, f: number, x0: number, x1: number, y0: number, y1: number, z0: number, z1: number): void {
  const b00 = f * y0 * z0;
  const b10 = f * y1 * z0;
  const b01 = f * y0 * z1;
  const b11 = f * y1 * z1;
  terms[t] += x0 * b00;
  terms[t + 1] += x1 * b00;
  terms[t + 2] += x0 * b10;
  terms[t + 3] += x1 * b10;
  terms[t + 4] += x0 * b01;
  terms[t + 5] += x1 * b01;
  terms[t + 6] += x0 * b11;
  terms[t + 7] += x1 * b11;
}

/**
 * A cell's 8 summed corner weights `terms[t …]` from block slot `at` (+ corner) onto the nodes: with `step` 0 the
 * screening mass onto each corner node of `out`; else the face values `weight / h` onto the faces whose low node is at
 * the slot, high node `step` further.
 */
function splatTerms(
  blocks: Int32Array,
  terms: Float64Array,
  t: number,
  at: number,
  step: number,
  h: number,
  out: Float64Array,
  cell: number,
  shift: number,
  keep: number,
): void {
  for (let q = 0; q < 8; q++) {
    const b = terms[t + q];
    if (b === 0) continue;
    const slot = at + (q & 1) + (q & 2) * 2 + (q & 4) * 4;
    const lo = blocks[slot];
    if (step === 0) {
      if (lo >= 0 && isKept(slot, cell, shift, keep)) out[lo] += b;
      continue;
    }
    const hi = blocks[slot + step];
    if (lo < 0 || hi < 0) continue;
    const value = b / h;
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
