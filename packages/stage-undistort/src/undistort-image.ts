import type { FrameImage } from '@aquamvs/core';
import { remap, type Undistortion } from '@aquamvs/geometry';
import { imageSize } from './errors.js';

/**
 * Undistorts one camera image onto its K_new grid (bilinear, constant 0 border, spec §3.2). 8-bit and float
 * images are remapped directly; 16-bit images through float and rounded back, so the sample type is kept.
 * Throws `AQM_ERR_UNDISTORT_IMAGE_SIZE` when the image size differs from the calibration.
 * @example
 * const out = undistortImage('cam0', raw, rig.models.get('cam0').undistortion);
 */
export function undistortImage(camera: string, image: FrameImage, undistortion: Undistortion): FrameImage {
  if (image.width !== undistortion.width || image.height !== undistortion.height) {
    throw imageSize(camera, [image.width, image.height], [undistortion.width, undistortion.height]);
  }
  const { width, height, channels, data } = image;
  if (data instanceof Uint8Array || data instanceof Float32Array) {
    const out = remap({ data, width, height, channels }, undistortion);
    return { width: out.width, height: out.height, channels, data: out.data };
  }
  const wide = remap({ data: Float32Array.from(data), width, height, channels }, undistortion);
  const narrow = new Uint16Array(wide.data.length);
  for (let i = 0; i < narrow.length; i++) narrow[i] = Math.min(65535, Math.round(wide.data[i]));
  return { width: wide.width, height: wide.height, channels, data: narrow };
}
