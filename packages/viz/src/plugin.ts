import { STAGE, type AquamvsPlugin } from '@aquamvs/core';
import { VIZ_STAGE_OPTIONS } from './tokens.js';
import { VizStage, type VizStageOptions } from './viz-stage.js';

/** Name of the plugin returned by {@link vizPlugin}. */
export const VIZ_PLUGIN_NAME = '@aquamvs/viz';

/**
 * The viz plugin: registers stage `viz`, whose `finish(run)` runs the visualisation pass after the last frame.
 * @example
 * await runPipeline({ config, frameSource, plugins: [...stagePlugins, vizPlugin()] }); // with 'viz' last in the stage list
 */
export function vizPlugin(options: VizStageOptions = {}): AquamvsPlugin {
  return {
    name: VIZ_PLUGIN_NAME,
    register(container) {
      container.register(VIZ_STAGE_OPTIONS, { useValue: options });
      container.register(STAGE, { useClass: VizStage });
    },
  };
}
