import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { conjugateGradient } from './conjugate-gradient.js';
import { conjugateGradientOnPool } from './parallel-cg.js';
import { needsNormals, poissonDepth } from './errors.js';
import { computeVertexNormals } from './mesh-normals.js';
import { nearestColors } from './nearest-colors.js';
import { coupleToCoarser, crossingWindow } from './coarse-coupling.js';
import { applyOperator, buildPoissonLevel, operatorDiagonal, sampleCells, type PoissonLevel, type PoissonSamples } from './poisson-level.js';
import { forTrilinear } from './sample-splat.js';
import { surfaceNets } from './surface-nets.js';
import { withSurfacePool, type SurfacePool } from './surface-pool.js';
import { trimVertices } from './trim-vertices.js';

/** Sample cells must grow at least this much per depth for the samples to resolve the finer lattice. */
const RESOLVED_GROWTH = 2.5;
/** Band walls within this fraction of χ's spread of the coarser iso-value cross the surface. */
const CROSSING_FRACTION = 0.25;

/** Options of {@link reconstructPoisson}. */
export interface PoissonOptions {
  /** Finest lattice depth (`poisson_depth`): the cube is divided into 2^depth cells per side. @default 9 */
  depth?: number;
  /** Bounding cube = largest extent × scale (Open3D's default). @default 1.1 */
  scale?: number;
  /** Screening weight α (Kazhdan & Hoppe 2013). @default 4 */
  pointWeight?: number;
  /** Cells of lattice kept around the samples on each level. @default 2 */
  band?: number;
  /** Vertices whose sample density is below this quantile are removed (spec §3.12: 1st percentile). @default 0.01 */
  densityQuantile?: number;
  /**
   * Worker threads for the splat of the samples onto each level (a run's {@link SurfacePool} or a thread count);
   * the mesh is the same bit for bit. @default 1
   */
  workers?: number | SurfacePool;
}

/** Below this many samples a thread pool costs more than it saves. */
const MIN_PARALLEL_SAMPLES = 200_000;
/** Levels with fewer unknowns solve in this thread: two task round trips per CG iteration cost more than they save. */
const MIN_PARALLEL_UNKNOWNS = 200_000;

/** Solver statistics of a Poisson run. */
export interface PoissonStats {
  /**
   * Per depth, coarse to fine: unknowns, CG iterations, final relative residual, and the band walls that took the
   * coarser solution as fixed values (`coupled`).
   */
  readonly levels: readonly { depth: number; unknowns: number; iterations: number; residual: number; coupled: number }[];
  /** Iso-value (weighted mean of the indicator at the samples). */
  readonly iso: number;
}

/**
 * Screened Poisson surface reconstruction (Kazhdan & Hoppe 2013) on a sparse narrow-band lattice: the oriented
 * samples define a vector field on the faces of a regular lattice of the bounding cube (2^depth cells per side);
 * the indicator χ minimises `Σ_faces h³‖∇χ − V‖² + α Σ_samples w·χ(p)²` (screening lumped onto the nodes) over the
 * nodes within `band` cells of a sample, solved coarse-to-fine (cascadic CG, each level started from the
 * interpolated coarser solution). Where a level's band ends across the surface (rims, holes), and everywhere once the
 * samples are sparser than its cells, its walls take the coarser solution as fixed values, so the fine levels add
 * detail near the samples instead of floating between them (Kazhdan's octree, coarse away from the samples). The iso-surface χ = mean χ(samples) is extracted with surface nets in the cells
 * next to samples, vertices below the `densityQuantile` of sample density are trimmed, colours come from the nearest
 * cloud point and vertex normals from the faces. Normals of the result point the way the input normals do.
 * @example
 * const mesh = await reconstructPoisson(cloud, { depth: 9, workers: 2 });
 */
export async function reconstructPoisson(cloud: PointCloud, options: PoissonOptions = {}): Promise<SurfaceMesh & { stats: PoissonStats }> {
  const workers = options.workers ?? 1;
  const n = Math.floor(cloud.positions.length / 3);
  if (n >= MIN_PARALLEL_SAMPLES) {
    const mesh = await withSurfacePool(workers, (pool) => poissonMesh(cloud, options, pool));
    if (mesh !== undefined) return mesh;
  }
  return poissonMesh(cloud, options);
}

async function poissonMesh(cloud: PointCloud, options: PoissonOptions, pool?: SurfacePool): Promise<SurfaceMesh & { stats: PoissonStats }> {
  const depth = options.depth ?? 9;
  if (!Number.isInteger(depth) || depth < 1 || depth > 10) throw poissonDepth(depth);
  const n = Math.floor(cloud.positions.length / 3);
  const empty = { positions: new Float64Array(0), faces: new Uint32Array(0), stats: { levels: [], iso: 0 } };
  if (n === 0) return empty;
  if (cloud.normals === undefined || cloud.normals.length !== cloud.positions.length) throw needsNormals('poisson');
  const { origin, size } = boundingCube(cloud.positions, options.scale ?? 1.1);
  const points = pool ? new Float64Array(new SharedArrayBuffer(n * 24)) : new Float64Array(n * 3);
  for (let i = 0; i < n * 3; i++) points[i] = (cloud.positions[i] - origin[i % 3]) / size;
  const weights = pool ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n);
  const normals = pool && !(cloud.normals.buffer instanceof SharedArrayBuffer) ? shareNormals(cloud.normals) : cloud.normals;
  const samples: PoissonSamples = { points, normals, weights };
  // The samples' cells at the finest depth, once: every level's are their ancestors, and their count the samples' area.
  const finestCells = sampleCells(samples, depth);
  weights.fill(finestCells.size / (1 << depth) ** 2 / n);
  const alpha = options.pointWeight ?? 4;
  const band = options.band ?? 2;
  const minDepth = Math.max(1, Math.min(depth, depth - 4));
  const levels: PoissonStats['levels'][number][] = [];
  let level: PoissonLevel | undefined;
  let x: Float64Array = new Float64Array(0);
  let resolved = true;
  for (let d = minDepth; d <= depth; d++) {
    const next = await buildPoissonLevel(samples, d, band, alpha, finestCells, pool);
    let coupled = 0;
    if (level !== undefined) {
      // A surface sampled finer than the lattice occupies ~4× the cells at each finer depth (3.3–4 on fused clouds);
      // sparse samples stop multiplying them once the cells are finer than their spacing (≤ 2).
      resolved &&= next.sampleCells >= RESOLVED_GROWTH * level.sampleCells;
      coupled = coupleToCoarser(next, level, x, resolved ? crossingWindow(level, x, samples, CROSSING_FRACTION) : undefined);
    }
    const guess = level === undefined ? new Float64Array(next.lattice.size) : prolong(level, x, next);
    const coarsest = level === undefined;
    const [tolerance, maxIterations] = coarsest ? [1e-8, 5000] : [1e-4, 400];
    const cg =
      pool !== undefined && next.lattice.size >= MIN_PARALLEL_UNKNOWNS
        ? await conjugateGradientOnPool(pool, next, operatorDiagonal(next), next.rhs, guess, tolerance, maxIterations)
        : conjugateGradient((a, b) => applyOperator(next, a, b), operatorDiagonal(next), next.rhs, guess, tolerance, maxIterations);
    levels.push({ depth: d, unknowns: next.lattice.size, iterations: cg.iterations, residual: cg.relativeResidual, coupled });
    level = next;
    x = guess;
  }
  if (level === undefined) return empty;
  const iso = isoValue(level, x, samples);
  const surface = surfaceNets(level, x, iso);
  const trimmed = trimVertices(surface.vertices, surface.faces, surface.density, options.densityQuantile ?? 0.01);
  const h = size / level.lattice.n;
  const positions = trimmed.vertices;
  for (let i = 0; i < positions.length; i++) positions[i] = origin[i % 3] + positions[i] * h;
  const mesh: SurfaceMesh = { positions, faces: trimmed.faces, normals: computeVertexNormals(positions, trimmed.faces) };
  const stats = { levels, iso };
  return cloud.colors ? { ...mesh, colors: nearestColors(cloud, positions), stats } : { ...mesh, stats };
}

function boundingCube(p: Float64Array, scale: number): { origin: number[]; size: number } {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3], p[i]);
    hi[i % 3] = Math.max(hi[i % 3], p[i]);
  }
  const size = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], 1e-6) * scale;
  return { origin: [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2 - size / 2), size };
}

function shareNormals(normals: Float32Array | Float64Array): Float32Array | Float64Array {
  const shared =
    normals instanceof Float32Array
      ? new Float32Array(new SharedArrayBuffer(normals.byteLength))
      : new Float64Array(new SharedArrayBuffer(normals.byteLength));
  shared.set(normals);
  return shared;
}

/** Trilinear interpolation of a coarse solution at the nodes of the next finer level. */
function prolong(coarse: PoissonLevel, x: Float64Array, fine: PoissonLevel): Float64Array {
  const out = new Float64Array(fine.lattice.size);
  const r = fine.lattice.r;
  const keys = fine.lattice.keys;
  for (let a = 0; a < keys.length; a++) {
    const key = keys[a];
    const i = key % r;
    const j = Math.floor(key / r) % r;
    const k = Math.floor(key / (r * r));
    let sum = 0;
    let wsum = 0;
    forTrilinear(i / 2, j / 2, k / 2, (ci, cj, ck, b) => {
      const c = coarse.lattice.rankOf(ci, cj, ck);
      if (c >= 0) {
        sum += b * x[c];
        wsum += b;
      }
    });
    out[a] = wsum > 0 ? sum / wsum : 0;
  }
  return out;
}

/**
 * Weighted mean of the trilinearly interpolated χ at the samples: `forTrilinear`'s corners, weights and order, with
 * the corners' ranks looked up once per cell run (fused clouds come in lattice order: most samples share the previous
 * one's cell), so the sum is the same bit for bit with a fraction of the look-ups.
 */
function isoValue(level: PoissonLevel, x: Float64Array, samples: PoissonSamples): number {
  const { lattice } = level;
  const n = lattice.n;
  const { points, weights } = samples;
  const ranks = new Int32Array(8);
  let ci = Number.NaN;
  let cj = Number.NaN;
  let ck = Number.NaN;
  let sum = 0;
  let wsum = 0;
  for (let s = 0; s < weights.length; s++) {
    const u = points[s * 3] * n;
    const v = points[s * 3 + 1] * n;
    const t = points[s * 3 + 2] * n;
    const i = Math.floor(u);
    const j = Math.floor(v);
    const k = Math.floor(t);
    if (i !== ci || j !== cj || k !== ck) {
      for (let c = 0; c < 8; c++) ranks[c] = lattice.rankOf(i + (c & 1), j + ((c >> 1) & 1), k + (c >> 2));
      ci = i;
      cj = j;
      ck = k;
    }
    const fu = u - i;
    const fv = v - j;
    const fw = t - k;
    const w = weights[s];
    for (let c = 0; c < 8; c++) {
      const b = (c & 1 ? fu : 1 - fu) * ((c >> 1) & 1 ? fv : 1 - fv) * (c >> 2 ? fw : 1 - fw);
      if (b === 0) continue;
      const a = ranks[c];
      if (a >= 0) {
        sum += w * b * x[a];
        wsum += w * b;
      }
    }
  }
  return wsum > 0 ? sum / wsum : 0;
}
