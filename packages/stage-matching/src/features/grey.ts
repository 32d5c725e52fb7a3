import type { FrameImage } from '@aquamvs/core';
import { matchingImage } from '../errors.js';

/**
 * Grey rows (0–255 scale, Float32) of an RGB or grey image, `0.299·R + 0.587·G + 0.114·B` (spec §3.5): the
 * returned function writes row `y` into one reused buffer and returns it. 16-bit samples are scaled to 0–255;
 * float samples are taken as they are. Throws when the image's sample count does not match its size.
 */
export function greyRows(camera: string, image: FrameImage): (y: number) => Float32Array {
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels) {
    throw matchingImage(camera, `image data has ${data.length} samples, expected ${width}×${height}×${channels}`);
  }
  const row = new Float32Array(width);
  if (data instanceof Uint8Array && channels === 3) {
    // The common case (8-bit RGB frames) on its own monomorphic loop.
    return (y) => {
      for (let x = 0, j = 3 * y * width; x < width; x++, j += 3) row[x] = 0.299 * data[j] + 0.587 * data[j + 1] + 0.114 * data[j + 2];
      return row;
    };
  }
  const scale = data instanceof Uint16Array ? 255 / 65535 : 1;
  if (channels === 1) {
    return (y) => {
      for (let x = 0, j = y * width; x < width; x++, j++) row[x] = data[j] * scale;
      return row;
    };
  }
  return (y) => {
    for (let x = 0, j = 3 * y * width; x < width; x++, j += 3) row[x] = (0.299 * data[j] + 0.587 * data[j + 1] + 0.114 * data[j + 2]) * scale;
    return row;
  };
}

/** The grey plane (W×H, row-major) of an image: {@link greyRows} stacked. */
export function toGrey(camera: string, image: FrameImage): Float32Array {
  const { width, height } = image;
  const rowOf = greyRows(camera, image);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) out.set(rowOf(y), y * width);
  return out;
}
