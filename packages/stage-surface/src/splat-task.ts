import type { SharedNodeLattice } from './node-lattice.js';
import type { Slab } from './sample-splat.js';

/** One slab of a level's splat (`splatSamples`) for a worker thread; every array is on shared memory. */
export interface SplatTask {
  readonly lattice: SharedNodeLattice;
  readonly cells: SharedNodeLattice;
  readonly blocks: Int32Array;
  readonly points: Float64Array;
  readonly normals: Float32Array | Float64Array;
  readonly weights: Float64Array;
  readonly alpha: number;
  readonly rhs: Float64Array;
  readonly mass: Float64Array;
  readonly slab: Slab;
}
