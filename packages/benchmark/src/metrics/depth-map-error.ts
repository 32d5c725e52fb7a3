import { quantileSorted } from './summarize-distances.js';

/** Depth-map error of one camera against ground truth (ray depths, same undistorted grid). */
export interface DepthMapError {
  /** Pixels with finite ground truth. */
  truthValid: number;
  /** Pixels where both the estimate (finite, > 0) and the truth are valid. */
  compared: number;
  /** compared / truthValid: share of the ground-truth pixels the estimate covers. */
  validShare: number;
  /** Median |Δδ| in mm over the compared pixels. */
  medianAbsErrorMm: number;
  meanAbsErrorMm: number;
  p90AbsErrorMm: number;
  /** Share of the compared pixels with |Δδ| ≤ tolerance. */
  withinToleranceShare: number;
  /** Share of the ground-truth pixels with a valid estimate within tolerance (coverage × accuracy). */
  withinToleranceOfTruth: number;
  toleranceMm: number;
}

/**
 * Compares an estimated depth map with the ground truth pixel by pixel (both H×W ray depths in metres;
 * NaN, ≤ 0 or non-finite estimates count as invalid).
 * @example
 * const e = depthMapError(depth, scene.groundTruth('ring00').depth); // e.medianAbsErrorMm
 */
export function depthMapError(estimate: ArrayLike<number>, truth: ArrayLike<number>, options: { toleranceMm?: number } = {}): DepthMapError {
  const toleranceMm = options.toleranceMm ?? 1;
  const n = Math.min(estimate.length, truth.length);
  const errors = new Float64Array(n);
  let truthValid = 0;
  let compared = 0;
  let sum = 0;
  let within = 0;
  for (let i = 0; i < n; i++) {
    const t = truth[i];
    if (!Number.isFinite(t)) continue;
    truthValid++;
    const e = estimate[i];
    if (!(Number.isFinite(e) && e > 0)) continue;
    const err = Math.abs(e - t) * 1000;
    errors[compared++] = err;
    sum += err;
    if (err <= toleranceMm) within++;
  }
  const sorted = errors.subarray(0, compared).sort();
  return {
    truthValid,
    compared,
    validShare: truthValid === 0 ? 0 : compared / truthValid,
    medianAbsErrorMm: quantileSorted(sorted, 0.5),
    meanAbsErrorMm: compared === 0 ? Number.NaN : sum / compared,
    p90AbsErrorMm: quantileSorted(sorted, 0.9),
    withinToleranceShare: compared === 0 ? 0 : within / compared,
    withinToleranceOfTruth: truthValid === 0 ? 0 : within / truthValid,
    toleranceMm,
  };
}
