import { STAGE, type AquamvsPlugin } from '@aquamvs/core';
import { FusionStage, type FusionStageOptions } from './fusion-stage.js';

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
      container.register(STAGE, { useValue: new FusionStage(options) });
    },
  };
}
