import { AquamvsError } from '@aquamvs/core';

/** Error codes the CLI itself reports, sorted alphabetically. */
export const CLI_ERROR_CODES = ['AQM_ERR_FRAMES_DEGRADED', 'AQM_ERR_FRAMES_FAILED', 'AQM_ERR_INPUT_IMAGE_SIZE', 'AQM_ERR_INPUT_VIDEO_LENGTH', 'AQM_ERR_RUN_INTERRUPTED', 'AQM_ERR_TEMPORAL_WINDOW'] as const;

export const inputImageSize = (camera: string, file: string, got: readonly number[], expected: readonly number[], calibration: string): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_INPUT_IMAGE_SIZE',
    `camera '${camera}': ${file} is ${got[0]}×${got[1]} but ${calibration} calibrates it at image_size ${expected[0]}×${expected[1]}`,
  );
export const inputVideoLength = (message: string): AquamvsError => new AquamvsError('AQM_ERR_INPUT_VIDEO_LENGTH', message);
