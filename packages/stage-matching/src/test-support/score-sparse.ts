import type { SyntheticScene } from '@aquamvs/benchmark';
import { cloudAccuracy, quantileSorted } from '@aquamvs/benchmark/metrics';
import { undistortionModel, createRefractiveProjection, triangulatePair, type RefractiveProjection } from '@aquamvs/geometry';
import type { PipelineRun } from './pipeline.js';

/** Acceptance numbers of the sparse pathway on a synthetic scene (issue 6). */
export interface SparseScore {
  /** Matches passing the triangulation filters, per canonical pair `a-b`. */
  pairCounts: Record<string, number>;
  /** The same for neighbouring ring pairs only (ring indices differ by 1, cyclically). */
  neighbourCounts: number[];
  /** Raw sparse cloud points. */
  points: number;
  /** Euclidean distance of the raw cloud to the true surface, mm. */
  medianMm: number;
  p90Mm: number;
  p99Mm: number;
  /** Per camera: share of its valid ground-truth pixels whose true ray depth lies inside its depth range. */
  coverage: Record<string, number>;
}

function projections(scene: SyntheticScene): Map<string, RefractiveProjection> {
  const { calibration } = scene;
  return new Map(
    scene.cameras.map((name) => {
      const c = calibration.cameras[name];
      return [name, createRefractiveProjection({ K: undistortionModel(c).K, R: c.R, t: c.t, waterZ: calibration.waterZ })];
    }),
  );
}

/** Scores a run of `sparse-matching → triangulation` against the scene's exact ground truth. */
export function scoreSparse(scene: SyntheticScene, run: PipelineRun): SparseScore {
  const proj = projections(scene);
  const ring = scene.calibration.ringCameras;
  const pairCounts: Record<string, number> = {};
  const neighbourCounts: number[] = [];
  for (const m of run.artifacts.matches ?? []) {
    const a = proj.get(m.ref);
    const b = proj.get(m.src);
    if (a === undefined || b === undefined) continue;
    const { valid } = triangulatePair(a, b, m.refPixels, m.srcPixels);
    const count = valid.reduce((s, v) => s + v, 0);
    pairCounts[`${m.ref}-${m.src}`] = count;
    const ia = ring.indexOf(m.ref);
    const ib = ring.indexOf(m.src);
    if (ia >= 0 && ib >= 0 && (Math.abs(ia - ib) === 1 || Math.abs(ia - ib) === ring.length - 1)) neighbourCounts.push(count);
  }
  const cloud = run.artifacts.sparseCloud;
  const points = cloud?.points ?? new Float64Array();
  const summary = cloudAccuracy(points, scene.surface);
  const distances = Float64Array.from(scene.surface.distanceToSurface(points), (d) => Math.abs(d) * 1000).sort();
  const coverage: Record<string, number> = {};
  for (const [name, range] of run.artifacts.depthRanges ?? new Map<string, { min: number; max: number }>()) {
    const depth = scene.groundTruth(name).depth;
    let valid = 0;
    let inside = 0;
    for (const d of depth) {
      if (!Number.isFinite(d)) continue;
      valid++;
      if (d >= range.min && d <= range.max) inside++;
    }
    coverage[name] = valid === 0 ? 1 : inside / valid;
  }
  return {
    pairCounts,
    neighbourCounts,
    points: summary.count,
    medianMm: summary.medianMm,
    p90Mm: summary.p90Mm,
    p99Mm: quantileSorted(distances, 0.99),
    coverage,
  };
}
