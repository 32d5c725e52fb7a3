import type { Token } from '@aquamvs/core';
import type { FusionStageOptions } from './fusion-stage.js';

/** The options {@link fusionPlugin} was given, injected into `FusionStage`. */
export const FUSION_STAGE_OPTIONS = Symbol.for('@aquamvs/stage-fusion:fusion-stage-options') as Token<FusionStageOptions>;
