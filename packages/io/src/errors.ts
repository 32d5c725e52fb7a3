import { AquamvsError, messageOf } from '@aquamvs/core';

/** Error codes thrown by @aquamvs/io, sorted alphabetically. */
export const IO_ERROR_CODES = [
  'AQM_ERR_IO_CAMERA_MISMATCH',
  'AQM_ERR_IO_IMAGE_READ',
  'AQM_ERR_IO_IMAGE_WRITE',
  'AQM_ERR_IO_INPUT_MISSING',
  'AQM_ERR_IO_NPY_FORMAT',
  'AQM_ERR_IO_PLY_FORMAT',
  'AQM_ERR_IO_SHAPE_MISMATCH',
  'AQM_ERR_IO_VIDEO_PROBE',
] as const;

/** One of {@link IO_ERROR_CODES}. */
export type IoErrorCode = (typeof IO_ERROR_CODES)[number];

export const cameraMismatch = (message: string): AquamvsError => new AquamvsError('AQM_ERR_IO_CAMERA_MISMATCH', message);
export const imageRead = (file: string, cause: unknown): AquamvsError =>
  new AquamvsError('AQM_ERR_IO_IMAGE_READ', `cannot read image ${file}: ${firstLine(cause)}`, { cause });
export const imageWrite = (file: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_IO_IMAGE_WRITE', `cannot write image ${file}: ${detail}`);
export const inputMissing = (what: string, path: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_IO_INPUT_MISSING', `${what}: ${path} ${detail}`);
export const npyFormat = (file: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_IO_NPY_FORMAT', `${file}: not a valid NPY/NPZ file: ${detail}`);
export const plyFormat = (file: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_IO_PLY_FORMAT', `${file}: not a valid PLY file: ${detail}`);
export const shapeMismatch = (what: string, detail: string): AquamvsError => new AquamvsError('AQM_ERR_IO_SHAPE_MISMATCH', `${what}: ${detail}`);
export const videoProbe = (camera: string, file: string, detail: string): AquamvsError =>
  new AquamvsError('AQM_ERR_IO_VIDEO_PROBE', `camera '${camera}': cannot read video ${file}: ${detail}`);

/** The first line of an error's message (libvips and ffmpeg messages span several lines). */
export function firstLine(cause: unknown): string {
  const text = messageOf(cause).trim();
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}
