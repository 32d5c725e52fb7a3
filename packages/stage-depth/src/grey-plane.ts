import type { FrameImage } from '@aquamvs/core';

/** A single-channel float image, row-major, values in [0, 1] (NaN = no data). */
export interface GreyPlane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Luma weights of §3.7 step 2 (applied to R, G, B). They sum to 1. */
const GREY_WEIGHTS = { r: 0.299, g: 0.587, b: 0.114 } as const;

/**
 * Grey plane in [0, 1] of an RGB (or grey) frame image: `0.299·R + 0.587·G + 0.114·B` of `img / max`
 * where max is 255 for 8-bit, 65535 for 16-bit and 1 for float images. `out` may be a shared buffer.
 */
export function toGreyPlane(image: FrameImage, out?: Float32Array): GreyPlane {
  const { width, height, channels, data } = image;
  const n = width * height;
  const dst = out ?? new Float32Array(n);
  const scale = data instanceof Uint8Array ? 1 / 255 : data instanceof Uint16Array ? 1 / 65535 : 1;
  if (channels === 1) {
    for (let i = 0; i < n; i++) dst[i] = data[i] * scale;
  } else {
    const wr = GREY_WEIGHTS.r * scale;
    const wg = GREY_WEIGHTS.g * scale;
    const wb = GREY_WEIGHTS.b * scale;
    for (let i = 0, j = 0; i < n; i++, j += 3) dst[i] = wr * data[j] + wg * data[j + 1] + wb * data[j + 2];
  }
  return { width, height, data: dst };
}

/**
 * Box-downsamples a grey plane by an integer factor: coarse pixel `(i, j)` is the mean of fine pixels
 * `[f·j, f·j + f) × [f·i, f·i + f)` (partial blocks at the right/bottom edge average what exists), so its
 * centre lies at fine coordinate `f·j + (f − 1) / 2`.
 */
export function downsamplePlane(plane: GreyPlane, factor: number): GreyPlane {
  if (factor === 1) return plane;
  const { width, height, data } = plane;
  const cw = Math.ceil(width / factor);
  const ch = Math.ceil(height / factor);
  const out = new Float32Array(cw * ch);
  // One coarse row at a time: each block's pixels are summed row by row, left to right (float64), then divided by
  // their count.
  const sum = new Float64Array(cw);
  for (let cy = 0; cy < ch; cy++) {
    sum.fill(0);
    const y0 = cy * factor;
    const y1 = Math.min(height, y0 + factor);
    for (let y = y0; y < y1; y++) {
      const o = y * width;
      for (let cx = 0; cx < cw; cx++) {
        const x0 = cx * factor;
        const x1 = Math.min(width, x0 + factor);
        let s = sum[cx];
        for (let x = x0; x < x1; x++) s += data[o + x];
        sum[cx] = s;
      }
    }
    for (let cx = 0; cx < cw; cx++) out[cy * cw + cx] = sum[cx] / ((y1 - y0) * (Math.min(width, cx * factor + factor) - cx * factor));
  }
  return { width: cw, height: ch, data: out };
}
