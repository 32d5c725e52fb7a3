import type { FrameImage } from '@aquamvs/core';

/** Viridis control points (0, 0.25, 0.5, 0.75, 1), RGB 0–255. */
const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/**
 * The reference's `consistency_maps/{cam}.png` (spec §3.10): viridis of `count / max(1, normaliser)` clipped to
 * [0, 1], where the normaliser is the camera's source-list length.
 */
export function consistencyImage(counts: Int32Array, width: number, height: number, normaliser: number): FrameImage {
  const data = new Uint8Array(width * height * 3);
  const scale = 1 / Math.max(1, normaliser);
  for (let i = 0; i < width * height; i++) {
    const t = Math.min(1, Math.max(0, counts[i] * scale)) * 4;
    const k = Math.min(3, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round(VIRIDIS[k][c] + f * (VIRIDIS[k + 1][c] - VIRIDIS[k][c]));
  }
  return { width, height, channels: 3, data };
}
