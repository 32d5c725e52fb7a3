import type { RefractiveProjection } from '@aquamvs/geometry';
import { evaluationInput } from './errors.js';
import { asFloat64, medianInPlace, type Points } from './point-array.js';

/** Result of {@link reprojectionError} (pixels). */
export interface ReprojectionError {
  meanError: number;
  medianError: number;
  maxError: number;
  /** Mean error per camera (cameras without an observation are absent). */
  perCamera: Record<string, number>;
  /** Every observation's error, cameras in the order given, points in order within a camera. */
  errors: Float64Array;
}

/**
 * Projects each 3-D point into every camera that observed it (spec §3.18 `reprojection_error`) and measures the pixel
 * distance to the observation. `observations[cam]` is N×2 pixels, NaN where the camera did not see the point.
 * Points the camera cannot project are left out.
 * @example
 * const e = reprojectionError(points, { ring00: uv0, ring01: uv1 }, { ring00: rig.models.get('ring00').projection, … });
 */
export function reprojectionError(
  points: Points,
  observations: Readonly<Record<string, Float64Array>>,
  projections: Readonly<Record<string, RefractiveProjection>>,
): ReprojectionError {
  const p = asFloat64(points);
  const n = Math.floor(p.length / 3);
  const all: number[] = [];
  const perCamera: Record<string, number> = {};
  for (const [camera, uv] of Object.entries(observations)) {
    const projection = projections[camera];
    if (projection === undefined)
      throw evaluationInput(`observations of camera '${camera}'`, `a camera model (have: ${Object.keys(projections).join(', ')})`, 'none');
    if (uv.length !== n * 2) throw evaluationInput(`observations of camera '${camera}'`, `${n}×2 pixels`, `${uv.length / 2}×2`);
    const { pixels, valid } = projection.project(p);
    let sum = 0,
      count = 0;
    for (let i = 0; i < n; i++) {
      if (!valid[i] || Number.isNaN(uv[i * 2]) || Number.isNaN(uv[i * 2 + 1])) continue;
      const e = Math.hypot(pixels[i * 2] - uv[i * 2], pixels[i * 2 + 1] - uv[i * 2 + 1]);
      all.push(e);
      sum += e;
      count++;
    }
    if (count > 0) perCamera[camera] = sum / count;
  }
  const errors = Float64Array.from(all);
  const max = all.reduce((m, e) => Math.max(m, e), 0);
  const mean = all.reduce((s, e) => s + e, 0) / all.length;
  return { meanError: mean, medianError: medianInPlace(Float64Array.from(all)), maxError: all.length === 0 ? Number.NaN : max, perCamera, errors };
}
