import './artifacts.js';
import { matchingPlugin } from './plugin.js';

export { STAGE_MATCHING_ERROR_CODES } from './errors.js';
export type { StageMatchingErrorCode } from './errors.js';
export type { ClassicMatcherOptions } from './features/classic-matcher.js';
export type { TriangulationStageOptions } from './stages/triangulation-stage.js';
export { MATCHING_PLUGIN_NAME, matchingPlugin } from './plugin.js';
export type { MatchingPluginOptions } from './plugin.js';
export type { DenseMatchingStageOptions } from './roma/dense-matching-stage.js';
export { loadOrt } from './onnx/onnx-session.js';
export { loadMasks } from './features/masks.js';
export type { MaskCamera } from './features/masks.js';

export default matchingPlugin;
