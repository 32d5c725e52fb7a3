import { AquamvsError } from '@aquamvs/core/worker';

/** Error codes thrown by @aquamvs/stage-undistort, sorted alphabetically. */
export const STAGE_UNDISTORT_ERROR_CODES = ['AQM_ERR_UNDISTORT_COLOR_METHOD', 'AQM_ERR_UNDISTORT_IMAGE_SIZE', 'AQM_ERR_UNDISTORT_NO_IMAGES'] as const;

/** One of {@link STAGE_UNDISTORT_ERROR_CODES}. */
export type StageUndistortErrorCode = (typeof STAGE_UNDISTORT_ERROR_CODES)[number];

export const colorMethod = (method: string): AquamvsError =>
  new AquamvsError('AQM_ERR_UNDISTORT_COLOR_METHOD', `preprocessing.color_norm_method: unknown method '${method}' (expected gain or histogram)`);
export const imageSize = (camera: string, got: readonly number[], expected: readonly number[]): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_UNDISTORT_IMAGE_SIZE',
    `camera '${camera}': image is ${got[0]}×${got[1]}, but the calibration's image_size is ${expected[0]}×${expected[1]}`,
  );
export const noImages = (frame: number, cameras: readonly string[]): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_UNDISTORT_NO_IMAGES',
    `frame ${frame}: no usable image for any calibrated camera (expected some of: ${cameras.join(', ')})`,
  );
