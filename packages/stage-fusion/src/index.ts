import { fusionPlugin } from './plugin.js';

export { filterAllDepthMapsParallel } from './consistency-pool.js';
export { STAGE_FUSION_ERROR_CODES } from './errors.js';
export type { StageFusionErrorCode } from './errors.js';
export { fuseDepthMaps } from './fuse-depth-maps.js';
export type { FusionStageOptions } from './fusion-stage.js';
export { FUSION_PLUGIN_NAME, fusionPlugin } from './plugin.js';

export default fusionPlugin;
