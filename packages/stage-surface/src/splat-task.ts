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

/** The operator `y = A·x` on nodes `[a0, a1)` (`applyOperatorRange`) for a worker thread; arrays on shared memory. */
export interface CgApplyTask {
  readonly neighbors: Int32Array;
  readonly degree: Uint8Array;
  readonly mass: Float64Array;
  readonly h: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly a0: number;
  readonly a1: number;
}

/** The CG direction update on `[i0, i1)` (`updateDirection`) for a worker thread; arrays on shared memory. */
export interface CgDirectionTask {
  readonly p: Float64Array;
  readonly r: Float64Array;
  readonly diagonal: Float64Array;
  readonly beta: number;
  readonly i0: number;
  readonly i1: number;
}
