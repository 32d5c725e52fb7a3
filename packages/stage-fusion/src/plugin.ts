import { STAGE, type AquamvsPlugin } from '@aquamvs/core';
import { FusionStage, type FusionStageOptions } from './fusion-stage.js';
import { FUSION_STAGE_OPTIONS } from './tokens.js';

/** Name of the plugin returned by {@link fusionPlugin}. */
export const FUSION_PLUGIN_NAME = '@aquamvs/stage-fusion';

/**
 * The built-in fusion plugin: registers stage `fusion`.
 * @example
 * await runPipeline({ config, frameSource, plugins: [undistortPlugin(), matchingPlugin(), depthPlugin(), fusionPlugin()] });
 */
export function fusionPlugin(options: FusionStageOptions = {}): AquamvsPlugin {
  return {
    name: FUSION_PLUGIN_NAME,
    register(container) {
      container.register(FUSION_STAGE_OPTIONS, { useValue: options });
      container.register(STAGE, { useClass: FusionStage });
    },
  };
}
