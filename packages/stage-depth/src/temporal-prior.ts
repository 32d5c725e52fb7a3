import { fillHoles } from './smooth-depth.js';

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

/**
 * The depths a recording's next frame is searched around: the prior's, with its small holes (up to `2·fill` pixels
 * across: a rejected pixel, a speck) filled from their neighbours. A wider hole (a fish that swam off, a region the
 * last frame rejected) stays empty as a whole, rim included: filling its rim from one side would guess the surface
 * the search's window then follows, so it is swept afresh, as in a cold frame.
 * @example
 * const seed = priorSeed(prior, 4); // NaN where the next frame must sweep every depth
 */
export function priorSeed(prior: SweepPrior, fill: number): Float32Array {
  const { width: W, height: H } = prior;
  const seed = fillHoles(prior.depth, W, H, fill);
  const wide = new Uint8Array(W * H);
  let any = false;
  for (let i = 0; i < seed.length; i++) {
    if (seed[i] !== seed[i]) {
      wide[i] = 1;
      any = true;
    }
  }
  if (!any) return seed;
  // The pixels of a wide hole: within `fill` pixels (in both axes) of one the filling could not reach.
  const near = dilateSquare(wide, W, H, fill);
  for (let i = 0; i < seed.length; i++) if (near[i] === 1 && prior.depth[i] !== prior.depth[i]) seed[i] = Number.NaN;
  return seed;
}

/** `mask` grown by `r` pixels in x and y (a (2r+1)² square), as two running counts. */
function dilateSquare(mask: Uint8Array, W: number, H: number, r: number): Uint8Array {
  const rows = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    const o = y * W;
    let count = 0;
    for (let x = 0; x < Math.min(W, r); x++) count += mask[o + x];
    for (let x = 0; x < W; x++) {
      if (x + r < W) count += mask[o + x + r];
      if (x - r - 1 >= 0) count -= mask[o + x - r - 1];
      rows[o + x] = count > 0 ? 1 : 0;
    }
  }
  // Columns a row at a time (one running count per column), so every pass reads memory in order.
  const out = new Uint8Array(W * H);
  const counts = new Int32Array(W);
  for (let y = 0; y < Math.min(H, r); y++) for (let x = 0; x < W; x++) counts[x] += rows[y * W + x];
  for (let y = 0; y < H; y++) {
    const add = y + r < H ? (y + r) * W : -1;
    const drop = y - r - 1 >= 0 ? (y - r - 1) * W : -1;
    for (let x = 0; x < W; x++) {
      if (add >= 0) counts[x] += rows[add + x];
      if (drop >= 0) counts[x] -= rows[drop + x];
      out[y * W + x] = counts[x] > 0 ? 1 : 0;
    }
  }
  return out;
}
