import { examplePlugin } from './plugin.js';

export { examplePlugin } from './plugin.js';
export type { ExamplePluginOptions } from './plugin.js';
export { planeFitSurface } from './plane-fit-surface.js';
export { CloudStatsStage } from './cloud-stats-stage.js';
export type { CloudStats, CloudStatsOptions } from './cloud-stats-stage.js';
export { StageTimeHook } from './stage-time-hook.js';

export default examplePlugin;
