import type { Token } from '@aquamvs/core';
import type { VizStageOptions } from './viz-stage.js';

/** The options {@link vizPlugin} was given, injected into `VizStage`. */
export const VIZ_STAGE_OPTIONS = Symbol.for('@aquamvs/viz:viz-stage-options') as Token<VizStageOptions>;
