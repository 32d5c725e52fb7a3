import { fusionPlugin } from './plugin.js';

export { filterAllDepthMaps, filterDepthMap } from './consistency-filter.js';
export { filterAllDepthMapsParallel } from './consistency-pool.js';
export type { ConsistencyOptions, DepthView, FilteredDepthMap } from './consistency-filter.js';
export { STAGE_FUSION_ERROR_CODES } from './errors.js';
export type { StageFusionErrorCode } from './errors.js';
export { estimateNormals } from './estimate-normals.js';
export { estimateNormalsParallel, removeStatisticalOutliersParallel } from './point-pool.js';
export type { EstimateNormalsOptions } from './estimate-normals.js';
export { autoSubdivisions, backProject, forEachPoint, fuseDepthMaps, mergeDepthMaps } from './fuse-depth-maps.js';
export type { FuseOptions, FusionView } from './fuse-depth-maps.js';
export { FusionPool } from './fusion-pool.js';
export { FusionStage } from './fusion-stage.js';
export type { FusionStageOptions } from './fusion-stage.js';
export { sampleDepth } from './sample-depth.js';
export { voxelDownsample } from './voxel-accumulator.js';
export type { VoxelCloud } from './voxel-accumulator.js';
export { FUSION_PLUGIN_NAME, fusionPlugin } from './plugin.js';

export default fusionPlugin;
