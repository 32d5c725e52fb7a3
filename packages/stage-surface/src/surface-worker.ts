import { cloneableWorkerError, timeWork, type WorkTiming } from '@aquamvs/core';
import { NodeLattice } from './node-lattice.js';
import { splatSamples } from './sample-splat.js';
import type { SplatTask } from './splat-task.js';

// Task functions of SurfacePool's workers (picked by name).

/** Splats the samples onto the task's slab of nodes, into the shared `rhs` and `mass`; says when it ran. */
export function splatSlab(task: SplatTask): WorkTiming {
  return timeWork(() => splatSlabTask(task)).timing;
}

function splatSlabTask(task: SplatTask): void {
  try {
    const target = { lattice: NodeLattice.fromShared(task.lattice), cells: NodeLattice.fromShared(task.cells), blocks: task.blocks };
    splatSamples(target, { points: task.points, normals: task.normals, weights: task.weights }, task.alpha, task.rhs, task.mass, task.slab);
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}
