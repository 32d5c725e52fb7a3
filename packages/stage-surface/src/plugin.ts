import { STAGE, type AquamvsPlugin } from '@aquamvs/core';
import { reconstructSurface } from './reconstruct-surface.js';
import { SurfaceStage, type SurfaceStageOptions } from './surface-stage.js';
import { SURFACE_RECONSTRUCTOR, SURFACE_STAGE_OPTIONS } from './tokens.js';

/** Name of the plugin returned by {@link surfacePlugin}. */
export const SURFACE_PLUGIN_NAME = '@aquamvs/stage-surface';

/**
 * The built-in surface plugin: registers stage `surface` and its surface method under {@link SURFACE_RECONSTRUCTOR},
 * which a later plugin may replace.
 * @example
 * await runPipeline({ config, frameSource, plugins: [..., fusionPlugin(), surfacePlugin()] });
 */
export function surfacePlugin(options: SurfaceStageOptions = {}): AquamvsPlugin {
  return {
    name: SURFACE_PLUGIN_NAME,
    register(container) {
      container.register(SURFACE_STAGE_OPTIONS, { useValue: options });
      container.register(SURFACE_RECONSTRUCTOR, { useValue: reconstructSurface });
      container.register(STAGE, { useClass: SurfaceStage });
    },
  };
}
