import './artifacts.js';
import { matchingPlugin } from './plugin.js';

export type { CameraFeatures } from './artifacts.js';
export { STAGE_MATCHING_ERROR_CODES } from './errors.js';
export type { StageMatchingErrorCode } from './errors.js';
export { CLASSIC_DEFAULTS, canonicalPairs, matchFrame, rigMetresPerPixel } from './features/classic-matcher.js';
export type { ClassicMatcherOptions, FrameMatches } from './features/classic-matcher.js';
export { clahe } from './features/clahe.js';
export { detectCorners } from './features/detect-corners.js';
export type { Corners, DetectCornersOptions } from './features/detect-corners.js';
export { toGrey } from './features/grey.js';
export { loadMasks } from './features/masks.js';
export type { MaskCamera } from './features/masks.js';
export type { ViewFeatures } from './features/view-features.js';
export { estimateZRange } from './features/z-range.js';
export { bestViewColors } from './sparse-cloud/best-view-colors.js';
export type { ColorView } from './sparse-cloud/best-view-colors.js';
export { estimateNormals } from './sparse-cloud/estimate-normals.js';
export { voxelDownsample } from './sparse-cloud/voxel-downsample.js';
export { SparseCloudStage } from './stages/sparse-cloud-stage.js';
export { SparseMatchingStage } from './stages/sparse-matching-stage.js';
export { TriangulationStage } from './stages/triangulation-stage.js';
export type { TriangulationStageOptions } from './stages/triangulation-stage.js';
export { MATCHING_PLUGIN_NAME, matchingPlugin } from './plugin.js';
export type { MatchingPluginOptions } from './plugin.js';

export default matchingPlugin;
