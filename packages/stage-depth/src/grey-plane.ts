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
  const sum = new Float64Array(cw * ch);
  const cnt = new Float64Array(cw * ch);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / factor) * cw;
    for (let x = 0; x < width; x++) {
      const c = row + Math.floor(x / factor);
      sum[c] += data[y * width + x];
      cnt[c] += 1;
    }
  }
  const out = new Float32Array(cw * ch);
  for (let i = 0; i < out.length; i++) out[i] = sum[i] / cnt[i];
  return { width: cw, height: ch, data: out };
}
