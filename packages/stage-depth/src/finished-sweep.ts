import type { DepthHypotheses } from './depth-hypotheses.js';
import type { GreyPlane } from './grey-plane.js';
import type { Rect } from './tile-region.js';
import type { WarpTables } from './warp-table.js';

/** What the passes after a sweep (refinement, alignment, step decision) work on: its images, warp tables and depths. */
export interface FinishedSweep {
  readonly ref: GreyPlane;
  readonly sources: readonly GreyPlane[];
  /** Full-resolution warp tables of the sweep (their depth hypotheses index the anchors). */
  readonly warp: WarpTables;
  readonly hypotheses: DepthHypotheses;
  /** Depth map to work on (NaN = invalid; stays NaN). Not modified. */
  readonly depth: Float32Array;
  readonly tiles: readonly Rect[];
}
