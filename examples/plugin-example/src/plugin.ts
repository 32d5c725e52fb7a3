import { HOOKS, STAGE, type AquamvsPlugin } from '@aquamvs/core';
import { SURFACE_RECONSTRUCTOR } from '@aquamvs/stage-surface';
import { CloudStatsStage } from './cloud-stats-stage.js';
import { planeFitSurface } from './plane-fit-surface.js';
import { StageTimeHook } from './stage-time-hook.js';
import { CLOUD_STATS_OPTIONS } from './tokens.js';

/** Options of {@link examplePlugin} (the second element of its `plugins:` entry in config.yaml). */
export interface ExamplePluginOptions {
  /** File name of the statistics written by stage `cloud-stats`. @default 'cloud.json' */
  readonly statsFile?: string;
}

/**
 * Replaces `@aquamvs/stage-surface`'s surface method with {@link planeFitSurface} (a DI override: it is loaded after the
 * built-ins, so its `SURFACE_RECONSTRUCTOR` is the one stage `surface` gets), adds stage `cloud-stats` and a hook
 * subscriber that logs each stage's total time when the run ends.
 * @example
 * // config.yaml
 * // plugins: [['aquamvs-plugin-example', { statsFile: 'cloud.json' }]]
 * // pipeline: { stages: [undistort, sparse-matching, triangulation, sparse-cloud, surface, cloud-stats] }
 */
export function examplePlugin(options: ExamplePluginOptions = {}): AquamvsPlugin {
  return {
    name: 'aquamvs-plugin-example',
    aquamvs: '>=0.1.0 <1', // the same range as its @aquamvs/core peer dependency
    dependencies: ['@aquamvs/stage-surface'],
    register(container) {
      container.register(SURFACE_RECONSTRUCTOR, { useValue: planeFitSurface });
      container.register(CLOUD_STATS_OPTIONS, { useValue: { fileName: options.statsFile ?? 'cloud.json' } });
      container.register(STAGE, { useClass: CloudStatsStage });
      container.register(HOOKS, { useClass: StageTimeHook });
    },
  };
}
