import type { WorkTiming } from '@aquamvs/core';
import { createRefractiveProjection, type RefractiveProjection, type RefractiveProjectionParams } from '@aquamvs/geometry';
import type { GreyPlane } from './grey-plane.js';
import type { ResolvedSweepOptions } from './sweep-options.js';
import type { SweepPrior } from './temporal-prior.js';
import { sweepReference, type ReferenceSweepResult } from './sweep-reference.js';
import { releaseSweepKernels } from './sweep-kernels.js';

/**
 * One reference camera's work as plain, structured-cloneable data: grey planes (backed by `SharedArrayBuffer`
 * when sent to a worker, so they are shared, not copied) and projection parameters.
 */
export interface SweepTask {
  readonly camera: string;
  readonly ref: GreyPlane;
  readonly sources: readonly GreyPlane[];
  readonly refProjection: RefractiveProjectionParams;
  readonly sourceProjections: readonly RefractiveProjectionParams[];
  readonly range: { readonly min: number; readonly max: number };
  readonly options: ResolvedSweepOptions;
  /** The previous frame's depths of this camera (a recording), see `ReferenceSweepInput.prior`. */
  readonly prior?: SweepPrior;
}

/** The structured-cloneable parameters of a projection model. */
export function projectionParams(p: RefractiveProjection): RefractiveProjectionParams {
  return { K: [...p.K], R: [...p.R], t: [...p.t], waterZ: p.waterZ, normal: [...p.normal], nAir: p.nAir, nWater: p.nWater };
}

/** A sweep's result with where and when it ran (for the worker's own profiler track). */
export type TimedSweepResult = ReferenceSweepResult & { readonly timing: WorkTiming };

/** Runs a {@link SweepTask} in the current thread. */
export function runSweepTask(task: SweepTask): ReferenceSweepResult {
  return sweepReference(
    {
      camera: task.camera,
      ref: task.ref,
      sources: task.sources,
      refProjection: createRefractiveProjection(task.refProjection),
      sourceProjections: task.sourceProjections.map((p) => createRefractiveProjection(p)),
      range: task.range,
      ...(task.prior === undefined ? {} : { prior: task.prior }),
    },
    task.options,
  );
}

/** Lets go of what this thread keeps between sweeps (kernel memory with its copied sources). */
export function releaseSweepThread(): void {
  releaseSweepKernels();
}
