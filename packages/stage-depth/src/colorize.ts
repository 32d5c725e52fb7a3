import type { FrameImage } from '@aquamvs/core';

/** Viridis control points (0, 0.25, 0.5, 0.75, 1), RGB 0–255. */
const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
] as const;

/**
 * Colour-maps a float map to an RGB image with viridis between `min` and `max` (by default the 2 % and 98 %
 * quantiles of the finite values); NaN pixels are black.
 */
export function colorize(values: Float32Array, width: number, height: number, range?: readonly [number, number]): FrameImage {
  let lo = range?.[0];
  let hi = range?.[1];
  if (lo === undefined || hi === undefined) {
    const finite = values.filter((v) => Number.isFinite(v)).sort();
    lo = finite.length > 0 ? finite[Math.floor(0.02 * (finite.length - 1))] : 0;
    hi = finite.length > 0 ? finite[Math.floor(0.98 * (finite.length - 1))] : 1;
  }
  const span = hi > lo ? hi - lo : 1;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    let t = (v - lo) / span;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const x = t * 4;
    const k = Math.min(3, Math.floor(x));
    const f = x - k;
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round(VIRIDIS[k][c] + f * (VIRIDIS[k + 1][c] - VIRIDIS[k][c]));
  }
  return { width, height, channels: 3, data };
}
