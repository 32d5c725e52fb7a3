import { AquamvsError } from '@aquamvs/core/worker';

/** Error codes thrown by @aquamvs/stage-depth, sorted alphabetically. */
export const STAGE_DEPTH_ERROR_CODES = [
  'AQM_ERR_DEPTH_CAMERA_MISSING',
  'AQM_ERR_DEPTH_COST_UNKNOWN',
  'AQM_ERR_DEPTH_IMAGE_SIZE',
  'AQM_ERR_DEPTH_OPTION_INVALID',
  'AQM_ERR_DEPTH_WARP_GRID',
] as const;

/** One of {@link STAGE_DEPTH_ERROR_CODES}. */
export type StageDepthErrorCode = (typeof STAGE_DEPTH_ERROR_CODES)[number];

export const cameraMissing = (camera: string, what: string): AquamvsError =>
  new AquamvsError('AQM_ERR_DEPTH_CAMERA_MISSING', `camera '${camera}' has no ${what}`);
export const costFunctionUnknown = (name: string): AquamvsError =>
  new AquamvsError('AQM_ERR_DEPTH_COST_UNKNOWN', `reconstruction.cost_function: unknown cost '${name}' (expected ncc or ssim)`);
export const imageSize = (camera: string, got: string, expected: string): AquamvsError =>
  new AquamvsError('AQM_ERR_DEPTH_IMAGE_SIZE', `plane sweep: image of camera '${camera}' is ${got}, expected ${expected}`);
export const optionInvalid = (key: string, expected: string, got: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_DEPTH_OPTION_INVALID', `plane sweep option ${key}: expected ${expected}, got ${JSON.stringify(got)}`);
export const warpGrid = (pair: string, got: string, expected: string): AquamvsError =>
  new AquamvsError('AQM_ERR_DEPTH_WARP_GRID', `roma-depth: warp of pair ${pair} is ${got}, expected ${expected}`);
