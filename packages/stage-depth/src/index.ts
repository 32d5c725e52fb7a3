import { planeSweepPlugin } from './plugin.js';

export { COST_FUNCTIONS, assertCostFunction, computeCost, meanCost } from './cost-function.js';
export type { CostFunction } from './cost-function.js';
export { STAGE_DEPTH_ERROR_CODES } from './errors.js';
export type { StageDepthErrorCode } from './errors.js';
export { GREY_WEIGHTS, downsamplePlane, toGreyPlane } from './grey-plane.js';
export type { GreyPlane } from './grey-plane.js';
export { NccKernel } from './ncc-kernel.js';
export { SsimKernel, gaussianWeights } from './ssim-kernel.js';
export { refWindowStats, minWindowCount } from './ref-window-stats.js';
export type { RefWindowStats } from './ref-window-stats.js';
export { resolveSweepOptions } from './sweep-options.js';
export type { PlaneSweepOptions, ResolvedSweepOptions } from './sweep-options.js';
export { sweepReference } from './sweep-reference.js';
export type { ReferenceSweepInput, ReferenceSweepResult } from './sweep-reference.js';
export { WarpTables, warpPoint, warpRegion, WarpScratch } from './warp-table.js';
export type { SweepLevel } from './warp-table.js';
export { WinnerTakeAll, depthHypotheses, extractDepth, finishDepth } from './winner-take-all.js';
export type { DepthHypotheses, FinishDepthOptions } from './winner-take-all.js';
export { PlaneSweepStage } from './plane-sweep-stage.js';
export type { PlaneSweepStageOptions } from './plane-sweep-stage.js';
export { PLANE_SWEEP_PLUGIN_NAME, planeSweepPlugin } from './plugin.js';
export { SweepPool } from './sweep-pool.js';
export { projectionParams, runSweepTask } from './sweep-task.js';
export type { SweepTask } from './sweep-task.js';

export default planeSweepPlugin;
