import { createPointIndex } from './point-index.js';
import { summarizeDistances, type DistanceSummary } from './summarize-distances.js';

/** A surface that can measure exact point distances (e.g. a synthetic scene's `surface`). */
export interface DistanceSurface {
  /** Euclidean distance in metres of each N×3 point to the surface. */
  distanceToSurface(points: Float64Array): Float64Array;
}

/** Thresholds τ (mm) of the Tanks and Temples / ETH3D style scores. */
export const DEFAULT_THRESHOLDS_MM: readonly number[] = [1, 2, 5];

/** Precision, recall (completeness) and F-score at one threshold. */
export interface ThresholdScore {
  thresholdMm: number;
  /** Share of reconstructed points within τ of the true surface. */
  precision: number;
  /** Share of ground-truth surface samples with a reconstructed point within τ. */
  recall: number;
  /** 2PR / (P + R); 0 when both are 0. */
  fScore: number;
}

/** Result of {@link evaluateCloud}. */
export interface CloudEvaluation {
  /** Distances of the reconstructed points to the true surface. */
  accuracy: DistanceSummary;
  scores: ThresholdScore[];
  /** Reconstructed points (finite) and ground-truth samples used. */
  points: number;
  samples: number;
}

/**
 * Accuracy of a reconstructed N×3 cloud: the exact distance of every point to the analytic surface
 * (not to a sampled cloud), summarised in mm.
 * @example
 * const { medianMm } = cloudAccuracy(cloud, scene.surface);
 */
export function cloudAccuracy(points: Float64Array, surface: DistanceSurface): DistanceSummary {
  return summarizeDistances(surface.distanceToSurface(points));
}

/**
 * Precision/recall/F-score at each τ (mm): precision from exact point-to-surface distances, recall from
 * nearest reconstructed point of each ground-truth sample (`samples`, N×3, e.g. from `surfaceSamples`).
 */
export function evaluateCloud(
  points: Float64Array,
  surface: DistanceSurface,
  samples: Float64Array,
  thresholdsMm: readonly number[] = DEFAULT_THRESHOLDS_MM,
): CloudEvaluation {
  const distances = surface.distanceToSurface(points);
  const maxT = Math.max(...thresholdsMm) / 1000;
  const index = createPointIndex(points, maxT);
  const sampleCount = Math.floor(samples.length / 3);
  const nearest = new Float64Array(sampleCount);
  for (let i = 0; i < sampleCount; i++) {
    nearest[i] = index.nearestDistance(samples[i * 3], samples[i * 3 + 1], samples[i * 3 + 2], maxT);
  }
  let finite = 0;
  for (const d of distances) if (Number.isFinite(d)) finite++;
  const scores = thresholdsMm.map((tMm) => {
    const t = tMm / 1000;
    let within = 0;
    for (const d of distances) if (d <= t) within++;
    let covered = 0;
    for (const d of nearest) if (d <= t) covered++;
    const precision = finite === 0 ? 0 : within / finite;
    const recall = sampleCount === 0 ? 0 : covered / sampleCount;
    const fScore = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { thresholdMm: tMm, precision, recall, fScore };
  });
  return { accuracy: summarizeDistances(distances), scores, points: finite, samples: sampleCount };
}
