import type { FrameImage } from '@aquamvs/core';
import { undistortInto, type UndistortionModel } from '@aquamvs/geometry';
import { imageSize } from './errors.js';

/**
 * Undistorts one camera image onto its K_new grid (bilinear, constant 0 border, spec §3.2), the maps made a row at a
 * time (`undistortInto`: the same samples as remapping with `computeUndistortion`'s maps). 8-bit and float
 * images are remapped directly (into shared memory, so the result can go to worker threads without a copy);
 * 16-bit images through float and rounded back, so the sample type is kept.
 * Throws `AQM_ERR_UNDISTORT_IMAGE_SIZE` when the image size differs from the calibration.
 * @example
 * const out = undistortImage('cam0', raw, rig.models.get('cam0').undistortion);
 */
export function undistortImage(camera: string, image: FrameImage, undistortion: UndistortionModel): FrameImage {
  if (image.width !== undistortion.width || image.height !== undistortion.height) {
    throw imageSize(camera, [image.width, image.height], [undistortion.width, undistortion.height]);
  }
  const { width, height, channels, data } = image;
  const size = undistortion.width * undistortion.height * channels;
  if (data instanceof Uint8Array) {
    const out = new Uint8Array(new SharedArrayBuffer(size));
    undistortInto({ data, width, height, channels }, undistortion, { data: out, width: undistortion.width, height: undistortion.height, channels });
    return { width: undistortion.width, height: undistortion.height, channels, data: out };
  }
  if (data instanceof Float32Array) {
    const out = new Float32Array(new SharedArrayBuffer(size * 4));
    undistortInto({ data, width, height, channels }, undistortion, { data: out, width: undistortion.width, height: undistortion.height, channels });
    return { width: undistortion.width, height: undistortion.height, channels, data: out };
  }
  const wide = { width: undistortion.width, height: undistortion.height, data: new Float32Array(size) };
  undistortInto({ data: Float32Array.from(data), width, height, channels }, undistortion, { ...wide, channels });
  const narrow = new Uint16Array(wide.data.length);
  for (let i = 0; i < narrow.length; i++) narrow[i] = Math.min(65535, Math.round(wide.data[i]));
  return { width: wide.width, height: wide.height, channels, data: narrow };
}
