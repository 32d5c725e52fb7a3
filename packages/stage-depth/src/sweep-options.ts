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
  coarseScale: 4,
  coarseWindowSize: 7,
  coarseMargin: 3,
  coarseDepthStride: 2,
  bestSources: -2,
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
  if (!Number.isInteger(o.bestSources)) throw optionInvalid('bestSources', 'an integer', o.bestSources);
  for (const key of ['windowSize', 'coarseWindowSize'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] > 0 && o[key] % 2 === 1)) throw optionInvalid(key, 'a positive odd integer', o[key]);
  }
  assertCostFunction(o.costFunction);
  return o;
}
