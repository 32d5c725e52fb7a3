import type { Token } from '@aquamvs/core';
import type { PlaneSweepStageOptions } from './plane-sweep-stage.js';

/** The options {@link planeSweepPlugin} was given, injected into `PlaneSweepStage`. */
export const PLANE_SWEEP_STAGE_OPTIONS = Symbol.for('@aquamvs/stage-depth:plane-sweep-stage-options') as Token<PlaneSweepStageOptions>;
