/**
 * What a reference camera's sweep keeps for the next frame of a recording: the depth map it ended with and the coarse
 * level's mean cost (for the confidence). A sand bed changes by millimetres between frames, so the next frame can be
 * searched a few depth steps around these depths, pixel by pixel, with no coarse level. Plain typed arrays: it
 * crosses to and from the sweep workers.
 */
export interface SweepPrior {
  /** Frame the depths come from. */
  readonly frame: number;
  readonly width: number;
  readonly height: number;
  /** The frame's final depth map (a copy), metres; NaN where it had none. */
  readonly depth: Float32Array;
  /** The coarse level's per-pixel mean cost over all depths (`coarseWidth` × `coarseHeight`, scale `coarseScale`). */
  readonly coarseMeanCost: Float32Array;
  readonly coarseWidth: number;
  readonly coarseHeight: number;
  readonly coarseScale: number;
}

/** How a prior was used by one sweep. */
export interface PriorUse {
  /** Frame of the prior. */
  readonly frame: number;
  /** False when the images disagreed with it (a sudden change) and the reference was swept in full. */
  readonly used: boolean;
  /** Share of the searched pixels whose best depth lay at the edge of the search around the prior. */
  readonly disagreement: number;
  /** Cost evaluations of the search around the prior (spent in vain when it was not used). */
  readonly evaluations: number;
}

/**
 * The prior of a finished depth map: a copy of its depths, plus the coarse mean cost the sweep used (carried over
 * from frame to frame while the prior holds).
 * @example
 * const prior = priorOfDepth(12, map.depth, map.width, map.height, coarse);
 */
export function priorOfDepth(
  frame: number,
  depth: Float32Array,
  width: number,
  height: number,
  coarse: { readonly meanCost: Float32Array; readonly width: number; readonly height: number; readonly scale: number },
): SweepPrior {
  return {
    frame,
    width,
    height,
    depth: Float32Array.from(depth),
    coarseMeanCost: coarse.meanCost,
    coarseWidth: coarse.width,
    coarseHeight: coarse.height,
    coarseScale: coarse.scale,
  };
}

/** True when `prior` was made on the grid of a `width` × `height` reference. */
export function priorFits(prior: SweepPrior, width: number, height: number): boolean {
  return prior.width === width && prior.height === height && prior.depth.length === width * height;
}
