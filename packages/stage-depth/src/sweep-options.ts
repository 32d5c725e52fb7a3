import { assertCostFunction, type CostFunction } from './cost-function.js';
import { optionInvalid } from './errors.js';

/** Options of the plane sweep. */
export interface PlaneSweepOptions {
  /** Depth hypotheses per reference (`reconstruction.num_depths`). @default 128 */
  numDepths?: number;
  /** Odd cost window size (`reconstruction.window_size`). @default 11 */
  windowSize?: number;
  /** `reconstruction.cost_function`. @default 'ncc' */
  costFunction?: CostFunction;
  /** Tile edge in pixels; results do not depend on it in the exhaustive sweep. @default 64 */
  tileSize?: number;
  /** Warp-table node spacing in pixels (full resolution). @default 32 */
  warpGrid?: number;
  /**
   * Coarse-to-fine: sweep all depths on images box-downsampled by `coarseScale`, then sweep each full-resolution
   * tile only over the depth band its coarse estimates span (± `coarseMargin` steps). `false` sweeps every depth
   * at full resolution (the reference's exhaustive search). @default true
   */
  coarseToFine?: boolean;
  /**
   * After the banded fine pass, sweep every depth again for the pixels it rejected although a source sees them (a
   * relief top the coarse level smeared out of the band). `false` keeps the banded result only. @default true
   */
  coarseRescue?: boolean;
  /** @default 4 */
  coarseScale?: number;
  /** Cost window at the coarse level. @default 7 */
  coarseWindowSize?: number;
  /** Depth steps added on both sides of a tile's coarse band. @default 3 */
  coarseMargin?: number;
  /** The coarse level sweeps every `coarseDepthStride`-th hypothesis. @default 2 */
  coarseDepthStride?: number;
  /**
   * Per pixel and depth, average only the `bestSources` lowest source costs (robust to occlusion and to a
   * source of much lower resolution, e.g. the fisheye centre camera). `0` averages all sources, as the
   * reference does. Negative values mean "all but |n|". @default -2 (all but the two worst)
   */
  bestSources?: number;
  /**
   * Surface-following refinement passes after the sweep (see `refineDepth`): windows follow the estimated surface
   * instead of a fronto-parallel plane, which recovers relief a fronto-parallel window smooths away (config
   * `reconstruction.refine_passes`). `0` = off.
   * @default 0
   */
  refineIterations?: number;
  /**
   * Pixels the refinement and alignment moved by less than this many depth steps keep the sweep's depth (on a locally
   * planar surface the sweep's larger window is the less noisy estimate). `0` keeps every refined depth. @default 1
   */
  refineMinUpdate?: number;
  /**
   * Where the sweep's depth is kept (`refineMinUpdate`), it gets the mean of the refinement's small updates over a
   * square of this half-width in pixels: the smooth bias of a fronto-parallel window on slopes and gentle mounds,
   * without the refinement's per-pixel noise (`keep-small-updates.ts`). `0` keeps the sweep's depth as it is.
   * @default 4
   */
  refineBiasRadius?: number;
  /** Local mean updates within ± this many depth steps are noise and carry nothing. @default 0.1 */
  refineBiasFloor?: number;
  /**
   * A small update (`refineMinUpdate`) keeps the sweep's depth only where the sweep's map is locally no rougher than
   * this many times the refined map (`keep-small-updates.ts`): on a steep bed, whose depth steps are coarse, the
   * sweep's sub-step estimates scatter from pixel to pixel and the refined depths stand. `Infinity` keeps the sweep's
   * depth wherever the update is small. Applies where refinement or alignment passes ran. @default 2
   */
  refineRoughnessRatio?: number;
  /** A tile's refinement stops after a pass whose 90th-percentile |update| is below this many depth steps. @default 0.1 */
  refineTolerance?: number;
  /** Odd cost window of the refinement. @default 5 */
  refineWindowSize?: number;
  /** Offsets tried per pass after the first on each side of the current surface. @default 4 */
  refineOffsets?: number;
  /**
   * Offsets of the first `refineWidePasses` refinement passes. 16 (±8 depth steps at the default spacing) lets them
   * lift a mound or rock top that the sweep's window flattened by several steps; with 4 (±2 steps) the tops stayed
   * flattened after 4 passes (ci nest relief median 1.19 → 0.94 mm, widest relief hole 29 → 15 mm). Later passes keep
   * `refineOffsets`: 16 in every pass made fine periodic relief noisier (ci undulating per-camera median up to
   * 2.15 mm; 2 wide passes keep it ≤ 2.1 mm with the relief gains of 4). @default 16
   */
  refineWideOffsets?: number;
  /** Refinement passes that search `refineWideOffsets`. @default 2 */
  refineWidePasses?: number;
  /** Spacing of the refinement offsets, in depth steps. @default 0.5 */
  refineOffsetStep?: number;
  /**
   * Rounds of the step decision after the surface-following passes (see `decideSteps`): pixels near a step in the
   * depth map (a rock's rim, a pit's wall) try their neighbours' surfaces on either side with a small window and take
   * the best, which undoes the sweep window's fattening of the nearer side. `0` = off. @default 1
   */
  stepRounds?: number;
  /** Odd cost window of the step decision. @default 5 */
  stepWindowSize?: number;
  /**
   * Second difference, in depth steps, that marks a pixel as near a step for the decision (over up to 6 pixels): 16
   * (17 mm on the `ci` rig) catches rock walls and ledges of 2 cm; 4 also caught the sweep's noise on the bed, 8 the
   * nest's mound flanks (relief median 0.94 → 0.95 mm), 12 the bed's noise enough to move a growing mound's measured
   * volume by 0.3 % (`volume-change-ci.test.ts`: 2.13 % off, over its 2 % bound). @default 16
   */
  stepEdgeSteps?: number;
  /**
   * Photometric Gauss–Newton iterations after the surface-following passes (see `alignDepth`); the stage sets it to
   * `reconstruction.refine_passes`. @default 0
   */
  alignIterations?: number;
  /** Binomial passes of the alignment's fit and summation windows (σ² = passes/2 px²). @default 4 */
  alignWindowPasses?: number;
  /** Largest update of one alignment iteration, in depth steps (larger solutions are not applied). @default 1 */
  alignMaxUpdate?: number;
  /** Least local correlation for a source to enter the alignment at a pixel. @default 0.3 */
  alignMinCorrelation?: number;
  /**
   * Depth steps of curvature (second difference) or level difference beyond which the alignment's 3×3 smoothing
   * treats two neighbours as different surfaces and leaves them apart (see `smoothDepth`): a rock's rim stays a step
   * instead of being worn into a ramp a few pixels wide by every pass. `Infinity`: plain 3×3 mean (the default: see the README for why). @default Infinity
   */
  alignEdgeTolerance?: number;
  /**
   * Curvature, in depth steps, above which the refinement's window shape and the alignment's per-iteration smoothing
   * keep relief's shape: a 3×3 mean shrinks a mound top by a third of its Laplacian every pass, so without it a nest
   * top ends ~1 cm low. Below the floor (sensor noise) the plain mean still applies. `Infinity`: plain mean (the default: see the README for why). @default Infinity
   */
  curvatureFloor?: number;
  /**
   * Depth steps by which the alignment's shape-keeping smoothing (`2B − B∘B`, 5×5 binomial: quadratics unchanged)
   * must differ from its 3×3 mean before it replaces it (soft threshold): a mound top or pit floor keeps its shape,
   * a flat bed keeps the quieter mean. `Infinity`: the plain mean. @default 0.25
   */
  alignShapeFloor?: number;
  /** Smooth the aligned map once more with the shape-keeping smoothing (the last iteration's noise). @default true */
  alignFinalSmooth?: boolean;
  /**
   * Depth steps searched on each side of the previous frame's depth, pixel by pixel, when a recording's next frame is
   * swept around it (`ReferenceSweepInput.prior`); a best depth on the edge is swept beyond it. @default 3
   */
  priorMargin?: number;

  /**
   * Share of the pixels whose best depth may fall outside that band before the prior counts as contradicted (a sudden
   * change) and the reference is swept in full. Fewer are swept again beyond their band edge. @default 0.1
   */
  priorMaxDisagreement?: number;
  /**
   * Texture floor: a pixel whose reference window (`windowSize`) has a grey-level standard deviation below this (on
   * the 0–1 scale of the grey planes) gets no depth. Such a window holds sensor noise only (dark water beyond the bed,
   * a featureless or saturated patch): its best match is the noise's, centimetres off, with confidence ≥ 0.1 on about
   * half of those pixels (README, "No depth without texture"). 3 grey levels of 255: the benchmark's textured windows
   * vary by ≥ 9, noise-only ones by ≤ 1.3. 0 turns it off. @default 3/255
   */
  minTexture?: number;
}

/** {@link PlaneSweepOptions} with every default filled in and checked. */
export type ResolvedSweepOptions = Required<PlaneSweepOptions>;

const DEFAULTS: ResolvedSweepOptions = {
  numDepths: 128,
  windowSize: 11,
  costFunction: 'ncc',
  tileSize: 64,
  warpGrid: 32,
  coarseToFine: true,
  coarseRescue: true,
  coarseScale: 4,
  coarseWindowSize: 7,
  coarseMargin: 3,
  coarseDepthStride: 2,
  bestSources: -2,
  refineIterations: 0,
  refineTolerance: 0.1,
  refineMinUpdate: 1,
  refineBiasRadius: 4,
  refineBiasFloor: 0.1,
  refineRoughnessRatio: 2,
  refineWindowSize: 5,
  refineOffsets: 4,
  refineWideOffsets: 16,
  refineWidePasses: 2,
  refineOffsetStep: 0.5,
  stepRounds: 1,
  stepWindowSize: 5,
  stepEdgeSteps: 16,
  alignIterations: 0,
  alignWindowPasses: 4,
  alignMaxUpdate: 1,
  alignMinCorrelation: 0.3,
  alignEdgeTolerance: Infinity,
  curvatureFloor: Infinity,
  alignShapeFloor: 0.25,
  alignFinalSmooth: true,
  priorMargin: 3,
  priorMaxDisagreement: 0.1,
  minTexture: 3 / 255,
};

function positiveInt(key: string, v: number, min = 1): void {
  if (!(Number.isInteger(v) && v >= min)) throw optionInvalid(key, `an integer >= ${min}`, v);
}

/** Number of source costs averaged per pixel for `sources` sources (see {@link PlaneSweepOptions.bestSources}). */
export function sourcesAveraged(bestSources: number, sources: number): number {
  if (bestSources === 0) return sources;
  const k = bestSources > 0 ? bestSources : sources + bestSources;
  return Math.min(sources, Math.max(1, k));
}

/** Fills defaults and validates; throws `AQM_ERR_DEPTH_OPTION_INVALID` / `AQM_ERR_DEPTH_COST_UNKNOWN`. */
export function resolveSweepOptions(options: PlaneSweepOptions = {}): ResolvedSweepOptions {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  positiveInt('numDepths', o.numDepths, 1);
  positiveInt('tileSize', o.tileSize, 8);
  positiveInt('warpGrid', o.warpGrid, 1);
  positiveInt('coarseScale', o.coarseScale, 1);
  positiveInt('coarseMargin', o.coarseMargin, 1);
  positiveInt('coarseDepthStride', o.coarseDepthStride, 1);
  positiveInt('refineIterations', o.refineIterations, 0);
  positiveInt('refineOffsets', o.refineOffsets, 1);
  positiveInt('priorMargin', o.priorMargin, 1);
  if (!(o.minTexture >= 0 && o.minTexture < 1)) throw optionInvalid('minTexture', 'a grey-level standard deviation in [0, 1)', o.minTexture);
  if (!(o.priorMaxDisagreement >= 0 && o.priorMaxDisagreement <= 1))
    throw optionInvalid('priorMaxDisagreement', 'a share in [0, 1]', o.priorMaxDisagreement);
  positiveInt('refineWideOffsets', o.refineWideOffsets, 1);
  positiveInt('refineWidePasses', o.refineWidePasses, 0);
  positiveInt('alignIterations', o.alignIterations, 0);
  positiveInt('stepRounds', o.stepRounds, 0);
  if (!(o.stepEdgeSteps > 0)) throw optionInvalid('stepEdgeSteps', 'a positive number of depth steps', o.stepEdgeSteps);
  positiveInt('alignWindowPasses', o.alignWindowPasses, 1);
  if (!(o.alignMaxUpdate > 0 && Number.isFinite(o.alignMaxUpdate)))
    throw optionInvalid('alignMaxUpdate', 'a positive number of depth steps', o.alignMaxUpdate);
  if (!(o.alignEdgeTolerance > 0))
    throw optionInvalid('alignEdgeTolerance', 'a positive number of depth steps (Infinity: no edge stop)', o.alignEdgeTolerance);
  if (!(o.curvatureFloor >= 0)) throw optionInvalid('curvatureFloor', 'a number of depth steps >= 0 (Infinity: plain mean)', o.curvatureFloor);
  if (!(o.alignShapeFloor >= 0)) throw optionInvalid('alignShapeFloor', 'a number of depth steps >= 0 (Infinity: plain mean)', o.alignShapeFloor);
  if (typeof o.alignFinalSmooth !== 'boolean') throw optionInvalid('alignFinalSmooth', 'true or false', o.alignFinalSmooth);
  if (!(o.alignMinCorrelation >= -1 && o.alignMinCorrelation <= 1))
    throw optionInvalid('alignMinCorrelation', 'a correlation in [-1, 1]', o.alignMinCorrelation);
  if (!(o.refineMinUpdate >= 0)) throw optionInvalid('refineMinUpdate', 'a number of depth steps >= 0', o.refineMinUpdate);
  positiveInt('refineBiasRadius', o.refineBiasRadius, 0);
  if (!(o.refineBiasFloor >= 0 && Number.isFinite(o.refineBiasFloor)))
    throw optionInvalid('refineBiasFloor', 'a number of depth steps >= 0', o.refineBiasFloor);
  if (!(o.refineRoughnessRatio > 0))
    throw optionInvalid('refineRoughnessRatio', 'a positive ratio (Infinity: keep the sweep wherever the update is small)', o.refineRoughnessRatio);
  if (!(o.refineTolerance >= 0)) throw optionInvalid('refineTolerance', 'a number of depth steps >= 0', o.refineTolerance);
  if (!(o.refineOffsetStep > 0 && Number.isFinite(o.refineOffsetStep)))
    throw optionInvalid('refineOffsetStep', 'a positive number of depth steps', o.refineOffsetStep);
  if (!Number.isInteger(o.bestSources)) throw optionInvalid('bestSources', 'an integer', o.bestSources);
  for (const key of ['windowSize', 'coarseWindowSize', 'refineWindowSize', 'stepWindowSize'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] > 0 && o[key] % 2 === 1)) throw optionInvalid(key, 'a positive odd integer', o[key]);
  }
  assertCostFunction(o.costFunction);
  return o;
}
