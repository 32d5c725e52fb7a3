import type { Token } from '@aquamvs/core';
import type { UndistortStageOptions } from './undistort-stage.js';

/** The options {@link undistortPlugin} was given, injected into `UndistortStage`. */
export const UNDISTORT_STAGE_OPTIONS = Symbol.for('@aquamvs/stage-undistort:undistort-stage-options') as Token<UndistortStageOptions>;
