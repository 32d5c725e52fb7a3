import type { FrameImage } from '@aquamvs/core';

/**
 * An image as a planar float32 `[1, 3, height, width]` RGB tensor in [0, 1] (8-bit ÷ 255, 16-bit ÷ 65535, float as
 * is; grey replicated to three channels), resized by bilinear interpolation (`align_corners=False`) when the size
 * differs. Channels stay in RGB order: the reference fed BGR as RGB (spec §9.2); this port does not.
 */
export function imageToTensor(image: FrameImage, width = image.width, height = image.height): Float32Array {
  const { width: iw, height: ih, channels, data } = image;
  const scale = data instanceof Uint8Array ? 1 / 255 : data instanceof Uint16Array ? 1 / 65535 : 1;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const sx = iw / width;
  const sy = ih / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(Math.floor(fy), ih - 1);
    const y1 = Math.min(y0 + 1, ih - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(Math.floor(fx), iw - 1);
      const x1 = Math.min(x0 + 1, iw - 1);
      const wx = fx - x0;
      const o = y * width + x;
      for (let c = 0; c < 3; c++) {
        const ch = channels === 1 ? 0 : c;
        const a = data[(y0 * iw + x0) * channels + ch];
        const b = data[(y0 * iw + x1) * channels + ch];
        const d = data[(y1 * iw + x0) * channels + ch];
        const e = data[(y1 * iw + x1) * channels + ch];
        out[c * plane + o] = ((1 - wy) * ((1 - wx) * a + wx * b) + wy * ((1 - wx) * d + wx * e)) * scale;
      }
    }
  }
  return out;
}
