import { cloneableWorkerError, collectWorkerGarbage, releaseWorkerThread, timeWork, type ReleaseTask, type WorkTiming } from '@aquamvs/core/worker';
import { updateDirection } from './conjugate-gradient.js';
import { NodeLattice } from './node-lattice.js';
import { applyOperatorRange } from './poisson-level.js';
import { splatSamples } from './sample-splat.js';
import type { CgApplyTask, CgDirectionTask, SplatTask } from './splat-task.js';

// Task functions of SurfacePool's workers (picked by name).

/** Splats the samples onto the task's slab of nodes, into the shared `rhs` and `mass`; says when it ran. */
export function splatSlab(task: SplatTask): WorkTiming {
  return timeWork(() => splatSlabTask(task)).timing;
}

function splatSlabTask(task: SplatTask): void {
  try {
    // A level's first task: let go of the earlier levels' shared arrays this thread still holds handles to.
    collectWorkerGarbage();
    const target = { lattice: NodeLattice.fromShared(task.lattice), cells: NodeLattice.fromShared(task.cells), blocks: task.blocks };
    splatSamples(target, { points: task.points, normals: task.normals, weights: task.weights }, task.alpha, task.rhs, task.mass, task.slab);
  } catch (error) {
    throw cloneableWorkerError(error);
  }
}

/** The solver's operator on the task's nodes, into the shared `y`; says when it ran. */
export function cgApply(task: CgApplyTask): WorkTiming {
  return timeWork(() => {
    try {
      applyOperatorRange(task, task.x, task.y, task.a0, task.a1);
    } catch (error) {
      throw cloneableWorkerError(error);
    }
  }).timing;
}

/** The solver's direction update on the task's nodes, into the shared `p`; says when it ran. */
export function cgDirection(task: CgDirectionTask): WorkTiming {
  return timeWork(() => {
    try {
      updateDirection(task.p, task.r, task.diagonal, task.beta, task.i0, task.i1);
    } catch (error) {
      throw cloneableWorkerError(error);
    }
  }).timing;
}

/** Lets go of the handles to the last frame's shared arrays and collects garbage (`SurfacePool.release`). */
export function releaseWorker(task: ReleaseTask): void {
  releaseWorkerThread(task);
}
