import type { RefractiveProjection } from '@aquamvs/geometry';

/** Passes run by the automatic setting where the sweep window is coarse on the bed. */
export const AUTO_REFINE_PASSES = 4;
/** Bed footprint of the cost window (metres) above which a fronto-parallel window smooths cm-scale relief. */
const AUTO_REFINE_FOOTPRINT = 0.02;

/**
 * `reconstruction.refine_passes: null` (automatic): {@link AUTO_REFINE_PASSES} surface-following passes when the cost
 * window of `width × height` pixels covers more than 2 cm of bed at the middle of the depth range (there a
 * fronto-parallel window flattens mounds, pits and ripples a few cm across: the `ci` rig's 4 mm pixels, window 11 ≈
 * 4 cm), none when it is finer (the `standard` rig: ≈ 8 mm), where the passes cost 4× the sweep and change little.
 */
export function autoRefinePasses(
  projection: RefractiveProjection,
  width: number,
  height: number,
  range: { min: number; max: number },
  window: number,
): number {
  const u = (width - 1) / 2;
  const v = (height - 1) / 2;
  const { origins: o, directions: d } = projection.castRay(new Float64Array([u, v, u + 1, v]));
  const mid = 0.5 * (range.min + range.max);
  const pixel = Math.hypot(o[3] + mid * d[3] - o[0] - mid * d[0], o[4] + mid * d[4] - o[1] - mid * d[1], o[5] + mid * d[5] - o[2] - mid * d[2]);
  return window * pixel > AUTO_REFINE_FOOTPRINT ? AUTO_REFINE_PASSES : 0;
}
