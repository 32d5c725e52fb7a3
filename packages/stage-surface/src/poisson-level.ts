import { NodeLattice } from './node-lattice.js';
import { splatOnPool } from './parallel-splat.js';
import { cellBlocks, splatSamples, WHOLE_LATTICE } from './sample-splat.js';
import type { SurfacePool } from './surface-pool.js';

/** Samples in unit-cube coordinates with per-sample weights (area). */
export interface PoissonSamples {
  /** N×3 positions in [0, 1]³. */
  readonly points: Float64Array;
  /** N×3 unit normals. */
  readonly normals: Float32Array | Float64Array;
  /** N weights (surface area per sample, unit-cube units). */
  readonly weights: Float64Array;
}

/** The discrete screened Poisson system of one depth on a narrow band of lattice nodes around the samples. */
export interface PoissonLevel {
  readonly lattice: NodeLattice;
  /** 6 neighbour ranks per node (−x, +x, −y, +y, −z, +z), −1 when absent (Neumann boundary). */
  readonly neighbors: Int32Array;
  /** Right-hand side Dᵀ V / h. */
  readonly rhs: Float64Array;
  /** Lumped screening mass α·Σ w·B per node. */
  readonly mass: Float64Array;
  /** Node spacing in unit-cube units. */
  readonly h: number;
  /**
   * Per node, the neighbours its 7-point stencil couples to: the present ones, plus the absent ones whose values
   * `coupleToCoarser` fixed to the coarser solution (the other absent ones are Neumann walls).
   */
  readonly degree: Uint8Array;
  /** Lattice cells holding at least one sample. */
  readonly sampleCells: number;
}

/**
 * The lattice cells (as nodes: their low corners) of `depth` that hold at least one sample, each sample in the cell
 * `⌊x·2^depth⌋` clamped to the lattice. With `isShared` on shared memory (for the splat's worker threads).
 */
export function sampleCells(samples: PoissonSamples, depth: number, isShared = false): NodeLattice {
  const cells = new NodeLattice(depth, isShared);
  const n = cells.n;
  const pts = samples.points;
  for (let s = 0, count = samples.weights.length; s < count; s++) {
    cells.add(cellOf(pts[s * 3], n), cellOf(pts[s * 3 + 1], n), cellOf(pts[s * 3 + 2], n));
  }
  cells.finalize();
  return cells;
}

/**
 * The cells of {@link sampleCells} at `depth` from those of a finer depth (`finer`): a sample's cell is its finer
 * cell's ancestor (scaling by a power of two is exact, and the clamp to the lattice commutes with it), so the same set
 * from the occupied cells instead of every sample.
 */
function coarserCells(finer: NodeLattice, depth: number, isShared: boolean): NodeLattice {
  const cells = new NodeLattice(depth, isShared);
  const shift = finer.depth - depth;
  const r = finer.r;
  for (const key of finer.keys) cells.add((key % r) >> shift, (Math.floor(key / r) % r) >> shift, Math.floor(key / (r * r)) >> shift);
  cells.finalize();
  return cells;
}

/**
 * Builds the level of `depth`: cells holding samples are dilated by `band` cells, their corner nodes are the
 * unknowns; the vector field is the samples' weighted normals splatted trilinearly onto the staggered (face) lattice,
 * so that `rhs` is the divergence consistent with the 7-point Laplacian; screening is lumped onto the nodes.
 * `finestCells`: the samples' cells at a depth ≥ `depth` ({@link sampleCells}), from which this level's are derived.
 * With `pool`, the splat runs on its worker threads (same sums bit for bit).
 */
export async function buildPoissonLevel(
  samples: PoissonSamples,
  depth: number,
  band: number,
  alpha: number,
  finestCells: NodeLattice,
  pool?: SurfacePool,
): Promise<PoissonLevel> {
  // With a pool the samples are on shared memory, and the level goes there too.
  const isShared = pool !== undefined;
  const lattice = new NodeLattice(depth, isShared);
  const n = lattice.n;
  const h = 1 / n;
  const cells = coarserCells(finestCells, depth, isShared);
  const r = cells.r;
  for (const key of cells.keys) {
    const ci = key % r;
    const cj = Math.floor(key / r) % r;
    const ck = Math.floor(key / (r * r));
    for (let k = ck - band; k <= ck + band + 1; k++) {
      for (let j = cj - band; j <= cj + band + 1; j++) {
        for (let i = ci - band; i <= ci + band + 1; i++) lattice.add(i, j, k);
      }
    }
  }
  lattice.finalize();
  const m = lattice.size;
  const neighbors = isShared ? new Int32Array(new SharedArrayBuffer(m * 24)) : new Int32Array(m * 6);
  const degree = isShared ? new Uint8Array(new SharedArrayBuffer(m)) : new Uint8Array(m);
  linkNeighbors(lattice.keys, r, neighbors, degree);
  const rhs = isShared ? new Float64Array(new SharedArrayBuffer(m * 8)) : new Float64Array(m);
  const mass = isShared ? new Float64Array(new SharedArrayBuffer(m * 8)) : new Float64Array(m);
  // The solver's operator runs on the pool too (parallel-cg.ts): neighbours, degree and mass are shared as well.
  const blocks = isShared ? new Int32Array(new SharedArrayBuffer(cells.size * 256)) : new Int32Array(cells.size * 64);
  cellBlocks(cells, lattice, 0, cells.size, blocks);
  if (pool === undefined) splatSamples({ lattice, cells, blocks }, samples, alpha, rhs, mass, WHOLE_LATTICE);
  else await splatOnPool(pool, { lattice, cells, blocks }, samples, alpha, rhs, mass);
  return { lattice, neighbors, rhs, mass, h, degree, sampleCells: cells.size };
}

/**
 * The 6 neighbour ranks of every node (−x, +x, −y, +y, −z, +z; −1 when absent or outside the lattice) and their
 * count: `keys` are sorted, so the rank of `key ± step` is found by a pointer that only moves forward, one per
 * direction (the ranks `rankOf` would give, without a look-up per neighbour).
 */
function linkNeighbors(keys: Int32Array, r: number, neighbors: Int32Array, degree: Uint8Array): void {
  const m = keys.length;
  const steps = [1, r, r * r];
  for (let axis = 0; axis < 3; axis++) {
    const step = steps[axis];
    let below = 0;
    let above = 0;
    for (let a = 0; a < m; a++) {
      const key = keys[a];
      // The node's coordinate along the axis: its neighbours at ±1 exist only inside [0, r).
      const c = Math.floor(key / step) % r;
      let lo = -1;
      if (c > 0) {
        while (keys[below] < key - step) below++;
        if (keys[below] === key - step) lo = below;
      }
      let hi = -1;
      if (c < r - 1) {
        while (above < m && keys[above] < key + step) above++;
        if (above < m && keys[above] === key + step) hi = above;
      }
      neighbors[a * 6 + axis * 2] = lo;
      neighbors[a * 6 + axis * 2 + 1] = hi;
      if (lo >= 0) degree[a]++;
      if (hi >= 0) degree[a]++;
    }
  }
}

function cellOf(x: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(x * n)));
}

/** y = (h·L + diag(mass))·x, L the 7-point Laplacian over each node's {@link PoissonLevel.degree} neighbours; returns x·y. */
export function applyOperator(level: PoissonLevel, x: Float64Array, y: Float64Array): number {
  const { neighbors, mass, h, degree } = level;
  const m = mass.length;
  let xy = 0;
  for (let a = 0; a < m; a++) {
    const ya = operatorRow(neighbors, degree, mass, h, x, a);
    y[a] = ya;
    xy += x[a] * ya;
  }
  return xy;
}

/** {@link applyOperator} for nodes `[a0, a1)` only, without the dot product (worker threads). */
export function applyOperatorRange(
  level: Pick<PoissonLevel, 'neighbors' | 'degree' | 'mass' | 'h'>,
  x: Float64Array,
  y: Float64Array,
  a0: number,
  a1: number,
): void {
  const { neighbors, mass, h, degree } = level;
  for (let a = a0; a < a1; a++) y[a] = operatorRow(neighbors, degree, mass, h, x, a);
}

function operatorRow(neighbors: Int32Array, degree: Uint8Array, mass: Float64Array, h: number, x: Float64Array, a: number): number {
  let sum = 0;
  const xa = x[a];
  for (let q = a * 6, e = q + 6; q < e; q++) {
    const b = neighbors[q];
    if (b >= 0) sum += x[b];
  }
  return h * (degree[a] * xa - sum) + mass[a] * xa;
}

/** Diagonal of the operator (for the Jacobi preconditioner). */
export function operatorDiagonal(level: PoissonLevel): Float64Array {
  const m = level.mass.length;
  const d = new Float64Array(m);
  for (let a = 0; a < m; a++) d[a] = level.h * level.degree[a] + level.mass[a];
  return d;
}
