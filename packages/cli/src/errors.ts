import { AquamvsError } from '@aquamvs/core';

/**
 * Error codes the CLI itself reports, sorted alphabetically (read by the error-docs test).
 * @public
 */
export const CLI_ERROR_CODES = [
  'AQM_ERR_FINISH_FAILED',
  'AQM_ERR_FRAMES_DEGRADED',
  'AQM_ERR_FRAMES_FAILED',
  'AQM_ERR_INPUT_IMAGE_SIZE',
  'AQM_ERR_INPUT_VIDEO_LENGTH',
  'AQM_ERR_INPUT_VIDEO_RATE',
  'AQM_ERR_INPUT_VIDEO_SYNC',
  'AQM_ERR_MODEL_CHECKSUM',
  'AQM_ERR_MODEL_DOWNLOAD',
  'AQM_ERR_MODEL_NOT_INSTALLED',
  'AQM_ERR_MODEL_NOT_ONNX',
  'AQM_ERR_RUN_INTERRUPTED',
  'AQM_ERR_TEMPORAL_WINDOW',
] as const;

export const inputImageSize = (
  camera: string,
  file: string,
  got: readonly number[],
  expected: readonly number[],
  calibration: string,
): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_INPUT_IMAGE_SIZE',
    `camera '${camera}': ${file} is ${got[0]}×${got[1]} but ${calibration} calibrates it at image_size ${expected[0]}×${expected[1]}`,
  );
export const inputVideoLength = (message: string): AquamvsError => new AquamvsError('AQM_ERR_INPUT_VIDEO_LENGTH', message);
export const inputVideoRate = (message: string): AquamvsError => new AquamvsError('AQM_ERR_INPUT_VIDEO_RATE', message);
export const inputVideoSync = (message: string): AquamvsError => new AquamvsError('AQM_ERR_INPUT_VIDEO_SYNC', message);
export const modelChecksum = (source: string, expected: string, got: string): AquamvsError =>
  new AquamvsError('AQM_ERR_MODEL_CHECKSUM', `${source}: sha256 is ${got}, expected ${expected}; nothing installed`);
export const modelDownload = (url: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_MODEL_DOWNLOAD', `cannot download ${url}: ${detail}`);
export const modelNotInstalled = (name: string, dir: string, key?: string): AquamvsError =>
  new AquamvsError(
    'AQM_ERR_MODEL_NOT_INSTALLED',
    `${key === undefined ? '' : `${key}: `}no model '${name}' is installed in ${dir} (see aquamvs models list; install it with aquamvs models add ${name} FILE|URL)`,
  );
export const modelNotOnnx = (source: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_MODEL_NOT_ONNX', `${source} is not an ONNX model onnxruntime can load (${detail}); nothing installed`);
