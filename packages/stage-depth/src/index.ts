import { planeSweepPlugin } from './plugin.js';

export { STAGE_DEPTH_ERROR_CODES } from './errors.js';
export type { StageDepthErrorCode } from './errors.js';
export { toGreyPlane } from './grey-plane.js';
export type { PlaneSweepOptions } from './sweep-options.js';
export { sweepReference } from './sweep-reference.js';
export type { PlaneSweepStageOptions } from './plane-sweep-stage.js';
export { PLANE_SWEEP_PLUGIN_NAME, planeSweepPlugin } from './plugin.js';

export default planeSweepPlugin;
