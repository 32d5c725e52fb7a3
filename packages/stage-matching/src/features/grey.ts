import type { FrameImage } from '@aquamvs/core';
import { matchingImage } from '../errors.js';

/**
 * Grey plane (0–255 scale, Float32, row-major) of an RGB or grey image: `0.299·R + 0.587·G + 0.114·B`
 * (spec §3.5). 16-bit samples are scaled to 0–255; float samples are taken as they are.
 */
export function toGrey(camera: string, image: FrameImage): Float32Array {
  const { width, height, channels, data } = image;
  const n = width * height;
  if (data.length !== n * channels) {
    throw matchingImage(camera, `image data has ${data.length} samples, expected ${width}×${height}×${channels}`);
  }
  const scale = data instanceof Uint16Array ? 255 / 65535 : 1;
  const out = new Float32Array(n);
  if (channels === 1) {
    for (let i = 0; i < n; i++) out[i] = data[i] * scale;
    return out;
  }
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (0.299 * data[j] + 0.587 * data[j + 1] + 0.114 * data[j + 2]) * scale;
  return out;
}
