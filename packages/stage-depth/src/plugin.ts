import { STAGE, type AquamvsPlugin } from '@aquamvs/core';
import { PlaneSweepStage, type PlaneSweepStageOptions } from './plane-sweep-stage.js';
import { RomaDepthStage } from './roma/roma-depth-stage.js';
import { PLANE_SWEEP_STAGE_OPTIONS } from './tokens.js';

/** Name of the plugin returned by {@link planeSweepPlugin}. */
export const PLANE_SWEEP_PLUGIN_NAME = '@aquamvs/stage-depth';

/**
 * The built-in dense depth plugin: registers stages `plane-sweep` and `roma-depth` (RoMa full pathway).
 * @example
 * await runPipeline({ config, frameSource, plugins: [undistortPlugin(), matchingPlugin(), planeSweepPlugin()] });
 */
export function planeSweepPlugin(options: PlaneSweepStageOptions = {}): AquamvsPlugin {
  return {
    name: PLANE_SWEEP_PLUGIN_NAME,
    register(container) {
      container.register(PLANE_SWEEP_STAGE_OPTIONS, { useValue: options });
      container.register(STAGE, { useClass: PlaneSweepStage });
      container.register(STAGE, { useClass: RomaDepthStage });
    },
  };
}
