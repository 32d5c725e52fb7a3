import type { DepthMap, FrameImage } from '@aquamvs/core';
import { createRefractiveProjection, type RefractiveProjectionParams } from '@aquamvs/geometry';
import { ROW_BOUNDS_STRIDE } from './consistency-filter.js';
import { accumulateViews, type FusionView, type MergePlan } from './fuse-depth-maps.js';
import { latticeRows, VoxelAccumulator } from './voxel-accumulator.js';

/** A view of a merge as plain, shareable data (typed arrays on SharedArrayBuffers) for a worker thread. */
export interface SharedMergeView {
  readonly name: string;
  readonly params: RefractiveProjectionParams;
  readonly depthMap: DepthMap;
  readonly image?: FrameImage;
  /**
   * The consistency filter's per-row bounds of the points this view gives at one point per pixel (see
   * `FilteredDepthMap.rowBounds`): a part of the merge skips the pixel rows whose points all lie in other parts.
   */
  readonly rowBounds?: Float64Array;
}

/** One part of a merge split by lattice rows: every view, and the rows `[first, end)` this part keeps. */
export interface MergeTask {
  readonly views: readonly SharedMergeView[];
  readonly plan: MergePlan;
  readonly rows: readonly [number, number];
}

/** The voxel means of one part, in lattice order (positions on a SharedArrayBuffer). */
export interface MergedPart {
  readonly positions: Float64Array;
  readonly colors: Uint8Array;
}

/** Copies one merged part's positions into the whole cloud's shared array at `offset` (values). */
export interface PlaceTask {
  readonly source: Float64Array;
  readonly target: Float64Array;
  readonly offset: number;
}

/**
 * Merges the points of lattice rows `[first, end)`: every view back-projected in the same order as the whole merge,
 * so each voxel's sums are made in the same order and its mean is the same number (identical to the one-thread merge).
 */
export function mergePart(task: MergeTask): MergedPart {
  const { plan, rows } = task;
  const views: FusionView[] = task.views.map((v) => ({
    name: v.name,
    projection: createRefractiveProjection(v.params),
    depthMap: v.depthMap,
    ...(v.image === undefined ? {} : { image: v.image }),
  }));
  const acc = new VoxelAccumulator(plan.voxel, plan.min, plan.max, true, { expectedPoints: plan.points, rows });
  const { rowOf } = latticeRows(plan.voxel, plan.min, plan.max);
  accumulateViews(views, plan, acc, (v) => {
    const bounds = task.views[v].rowBounds;
    if (bounds === undefined || plan.subdivisions[v] !== 1) return undefined;
    return (row) => {
      const o = row * ROW_BOUNDS_STRIDE;
      return bounds[o + 6] > 0 && rowOf(bounds[o + 4]) >= rows[0] && rowOf(bounds[o + 1]) < rows[1];
    };
  });
  const { positions, colors } = acc.result();
  return { positions, colors: colors ?? new Uint8Array(positions.length) };
}
