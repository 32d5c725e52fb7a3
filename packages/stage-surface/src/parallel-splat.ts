import type { NodeLattice } from './node-lattice.js';
import type { PoissonSamples } from './poisson-level.js';
import type { Slab, SplatTarget } from './sample-splat.js';
import type { SplatTask } from './splat-task.js';
import type { SurfacePool } from './surface-pool.js';

/**
 * `splatSamples` on the pool's threads: one task per slab of nodes ({@link balancedSlabs}, one per thread), each
 * writing only its own nodes of the shared `rhs` and `mass`, so the sums are those of one thread bit for bit.
 * Every array must be on shared memory.
 */
export async function splatOnPool(
  pool: SurfacePool,
  target: SplatTarget,
  samples: PoissonSamples,
  alpha: number,
  rhs: Float64Array,
  mass: Float64Array,
): Promise<void> {
  const shared = { lattice: target.lattice.share(), cells: target.cells.share(), blocks: target.blocks };
  const { points, normals, weights } = samples;
  const tasks: SplatTask[] = balancedSlabs(target.cells, pool.size).map((slab) => ({ ...shared, points, normals, weights, alpha, rhs, mass, slab }));
  await pool.run('splatSlab', tasks);
}

/**
 * `count` slabs across the axis along which the occupied cells spread most, cut where they hold equal numbers of
 * occupied cells (a fused cloud has about as many samples in each).
 */
export function balancedSlabs(cells: NodeLattice, count: number): Slab[] {
  const r = cells.r;
  const coordinate = [(key: number) => key % r, (key: number) => Math.floor(key / r) % r, (key: number) => Math.floor(key / (r * r))];
  const histograms = coordinate.map((of) => {
    const histogram = new Float64Array(r);
    for (const key of cells.keys) histogram[of(key)]++;
    return histogram;
  });
  const spread = histograms.map((histogram) => histogram.findLastIndex((x) => x > 0) - histogram.findIndex((x) => x > 0));
  const axis = spread.indexOf(Math.max(...spread));
  const histogram = histograms[axis];
  const slabs: Slab[] = [];
  let lo = -Infinity;
  let seen = 0;
  for (let x = 0; x < r && slabs.length < count - 1; x++) {
    seen += histogram[x];
    if (seen >= ((slabs.length + 1) * cells.size) / count) {
      slabs.push({ axis, lo, hi: x + 1 });
      lo = x + 1;
    }
  }
  slabs.push({ axis, lo, hi: Infinity });
  return slabs;
}
