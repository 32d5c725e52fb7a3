import { STAGE, type AquamvsPlugin } from '@aquamvs/core';
import { SurfaceStage, type SurfaceStageOptions } from './surface-stage.js';

/** Name of the plugin returned by {@link surfacePlugin}. */
export const SURFACE_PLUGIN_NAME = '@aquamvs/stage-surface';

/**
 * The built-in surface plugin: registers stage `surface`.
 * @example
 * await runPipeline({ config, frameSource, plugins: [..., fusionPlugin(), surfacePlugin()] });
 */
export function surfacePlugin(options: SurfaceStageOptions = {}): AquamvsPlugin {
  return {
    name: SURFACE_PLUGIN_NAME,
    register(container) {
      container.register(STAGE, { useValue: new SurfaceStage(options) });
    },
  };
}
