import { STAGE, type AquamvsPlugin } from '@aquamvs/core';
import { UNDISTORT_STAGE_OPTIONS } from './tokens.js';
import { UndistortStage, type UndistortStageOptions } from './undistort-stage.js';

/** Name of the plugin returned by {@link undistortPlugin}. */
export const UNDISTORT_PLUGIN_NAME = '@aquamvs/stage-undistort';

/**
 * The built-in undistortion plugin: registers stage `undistort`.
 * @example
 * await runPipeline({ config, frameSource, plugins: [undistortPlugin()], resources: { calibration } });
 */
export function undistortPlugin(options: UndistortStageOptions = {}): AquamvsPlugin {
  return {
    name: UNDISTORT_PLUGIN_NAME,
    register(container) {
      container.register(UNDISTORT_STAGE_OPTIONS, { useValue: options });
      container.register(STAGE, { useClass: UndistortStage });
    },
  };
}
