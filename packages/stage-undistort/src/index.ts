import { undistortPlugin } from './plugin.js';

export { STAGE_UNDISTORT_ERROR_CODES } from './errors.js';
export type { StageUndistortErrorCode } from './errors.js';
export { undistortImage } from './undistort-image.js';
export type { UndistortStageOptions } from './undistort-stage.js';
export { UNDISTORT_PLUGIN_NAME, undistortPlugin } from './plugin.js';

export default undistortPlugin;
