import type { NodeLattice } from './node-lattice.js';
import type { PoissonLevel, PoissonSamples } from './poisson-level.js';

/** Band walls whose coarser χ lies within `halfWidth` of the coarser iso-value: the walls that cut across the surface. */
export interface CrossingWindow {
  readonly iso: number;
  readonly halfWidth: number;
}

/**
 * Couples `level` to the solved coarser level: a neighbour of a band node that lies outside the band (inside the
 * cube) takes the coarser solution `x`, interpolated there, as a fixed (Dirichlet) value, moved to the right-hand
 * side. With a `window`, only walls that cut across the surface are coupled (rims, holes); walls along it (above and
 * below, on χ's plateaux) stay Neumann walls, the indicator's natural condition where the band is a sheet. Without,
 * every wall is coupled: around samples too sparse to make a sheet the band is a network of thin tubes, whose
 * Neumann walls leave it floating (slow to converge, and the iso-surface curls at each wall). Returns the walls
 * coupled.
 */
export function coupleToCoarser(level: PoissonLevel, coarse: PoissonLevel, x: Float64Array, window?: CrossingWindow): number {
  const { lattice, neighbors, degree, rhs, h } = level;
  const r = lattice.r;
  const keys = lattice.keys;
  let coupled = 0;
  for (let a = 0; a < keys.length; a++) {
    if (degree[a] === 6) continue;
    const key = keys[a];
    const i = key % r;
    const j = Math.floor(key / r) % r;
    const k = Math.floor(key / (r * r));
    for (let q = 0; q < 6; q++) {
      if (neighbors[a * 6 + q] >= 0) continue;
      const axis = q >> 1;
      const step = q & 1 ? 1 : -1;
      const ni = axis === 0 ? i + step : i;
      const nj = axis === 1 ? j + step : j;
      const nk = axis === 2 ? k + step : k;
      if (ni < 0 || nj < 0 || nk < 0 || ni >= r || nj >= r || nk >= r) continue;
      const value = interpolate(coarse.lattice, x, ni / 2, nj / 2, nk / 2);
      if (Number.isNaN(value)) continue;
      if (window !== undefined && Math.abs(value - window.iso) > window.halfWidth) continue;
      degree[a]++;
      rhs[a] += h * value;
      coupled++;
    }
  }
  return coupled;
}

/**
 * The window of χ values around the coarser level's iso-value (weighted mean of χ at the samples) that counts as
 * crossing the surface: `fraction` of the spread of χ over the band (5th to 95th percentile). Both come from at most
 * 2^16 evenly strided samples and nodes.
 */
export function crossingWindow(level: PoissonLevel, x: Float64Array, samples: PoissonSamples, fraction: number): CrossingWindow {
  const n = level.lattice.n;
  const count = samples.weights.length;
  const stride = Math.max(1, Math.floor(count / 65_536));
  let sum = 0;
  let wsum = 0;
  for (let s = 0; s < count; s += stride) {
    const value = interpolate(level.lattice, x, samples.points[s * 3] * n, samples.points[s * 3 + 1] * n, samples.points[s * 3 + 2] * n);
    if (Number.isNaN(value)) continue;
    sum += samples.weights[s] * value;
    wsum += samples.weights[s];
  }
  const nodeStride = Math.max(1, Math.floor(x.length / 65_536));
  const values = new Float64Array(Math.ceil(x.length / nodeStride));
  for (let a = 0, m = 0; a < x.length; a += nodeStride) values[m++] = x[a];
  values.sort();
  const spread = values[Math.floor(values.length * 0.95)] - values[Math.floor(values.length * 0.05)];
  return { iso: wsum > 0 ? sum / wsum : 0, halfWidth: fraction * spread };
}

/** Trilinear value of `x` at (u, v, w) in lattice units, or NaN when a corner with weight is not in the band. */
function interpolate(lattice: NodeLattice, x: Float64Array, u: number, v: number, w: number): number {
  const i = Math.min(Math.floor(u), lattice.n - 1);
  const j = Math.min(Math.floor(v), lattice.n - 1);
  const k = Math.min(Math.floor(w), lattice.n - 1);
  const fu = u - i;
  const fv = v - j;
  const fw = w - k;
  let value = 0;
  for (let c = 0; c < 8; c++) {
    const di = c & 1;
    const dj = (c >> 1) & 1;
    const dk = c >> 2;
    const b = (di ? fu : 1 - fu) * (dj ? fv : 1 - fv) * (dk ? fw : 1 - fw);
    if (b === 0) continue;
    const node = lattice.rankOf(i + di, j + dj, k + dk);
    if (node < 0) return Number.NaN;
    value += b * x[node];
  }
  return value;
}
