import type { DepthMap, PointCloud, SurfaceMesh } from '@aquamvs/core';
import { cloudAccuracy, evaluateCloud } from '../metrics/cloud-metrics.js';
import { depthMapError } from '../metrics/depth-map-error.js';
import { reliefFigures, type ReliefFigures } from '../metrics/relief-metrics.js';
import type { SyntheticScene } from '../synthetic-scene.js';

/** Accuracy of one pathway's output against the exact surface of a synthetic scene. */
export interface AccuracyFigures {
  /** Finite cloud points scored. */
  readonly points: number;
  /** Ground-truth surface samples used for completeness. */
  readonly samples: number;
  readonly meanErrorMm: number;
  readonly medianErrorMm: number;
  readonly p90ErrorMm: number;
  /** Per threshold τ (mm): precision, completeness (recall) and F-score. */
  readonly scores: readonly { thresholdMm: number; precision: number; completeness: number; fScore: number }[];
  /** Distance of the mesh's vertices to the true surface (pathways that made a mesh). */
  readonly mesh?: { readonly vertices: number; readonly medianErrorMm: number; readonly p90ErrorMm: number };
  /** Depth maps pooled over every camera (full pathways only). */
  readonly depth?: { readonly cameras: number; readonly medianErrorMm: number; readonly p90ErrorMm: number; readonly validShare: number };
  /** The same restricted to the relief (scenes with relief only). */
  readonly relief?: ReliefFigures;
  /**
   * The relief figures of the written `fused.ply` — the fused cloud before outlier removal, the file a user opens and
   * the reference's "fused cloud" — where `relief` scores the cleaned cloud the mesh is made from.
   */
  readonly fusedRelief?: ReliefFigures;
}

/** Point count and XY density (points per m² of the cloud's XY bounding box, 0 when the box is empty), spec §5.3. */
export function cloudDensity(cloud: PointCloud | undefined): { points: number; densityPerM2: number } {
  if (cloud === undefined) return { points: 0, densityPerM2: 0 };
  const p = cloud.positions;
  const n = Math.floor(p.length / 3);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = p[i * 3];
    const y = p[i * 3 + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const area = (x1 - x0) * (y1 - y0);
  return { points: n, densityPerM2: area > 0 ? n / area : 0 };
}

/**
 * Scores a pathway's cloud (and depth maps, when it made them) against the scene: exact point-to-surface
 * distances, completeness and F-score at each τ against `samples` (N×3 from `surfaceSamples`); the mesh by the
 * exact distance of its vertices.
 */
export function scorePathway(
  truth: SyntheticScene,
  samples: Float64Array,
  output: { pointCloud?: PointCloud; depthMaps?: ReadonlyMap<string, DepthMap>; mesh?: SurfaceMesh; fusedPly?: Float64Array },
  thresholdsMm: readonly number[] = [1, 2, 5],
): AccuracyFigures {
  const positions = output.pointCloud?.positions ?? new Float64Array(0);
  const evaluation = evaluateCloud(positions, truth.surface, samples, thresholdsMm);
  const a = evaluation.accuracy;
  const hasRelief = (truth.spec.relief?.length ?? 0) > 0;
  const relief = hasRelief ? reliefFigures(truth, positions, output.depthMaps) : undefined;
  const fusedRelief = hasRelief && output.fusedPly !== undefined ? reliefFigures(truth, output.fusedPly) : undefined;
  return {
    points: evaluation.points,
    samples: evaluation.samples,
    meanErrorMm: a.meanMm,
    medianErrorMm: a.medianMm,
    p90ErrorMm: a.p90Mm,
    scores: evaluation.scores.map((s) => ({ thresholdMm: s.thresholdMm, precision: s.precision, completeness: s.recall, fScore: s.fScore })),
    ...(output.mesh === undefined || output.mesh.positions.length === 0 ? {} : { mesh: meshError(truth, output.mesh) }),
    ...(output.depthMaps === undefined || output.depthMaps.size === 0 ? {} : { depth: pooledDepthError(truth, output.depthMaps) }),
    ...(relief === undefined ? {} : { relief }),
    ...(fusedRelief === undefined ? {} : { fusedRelief }),
  };
}

function meshError(truth: SyntheticScene, mesh: SurfaceMesh): NonNullable<AccuracyFigures['mesh']> {
  const a = cloudAccuracy(Float64Array.from(mesh.positions), truth.surface);
  return { vertices: a.count, medianErrorMm: a.medianMm, p90ErrorMm: a.p90Mm };
}

function pooledDepthError(truth: SyntheticScene, maps: ReadonlyMap<string, DepthMap>): NonNullable<AccuracyFigures['depth']> {
  const pairs = [...maps]
    .map(([camera, map]) => ({ map, gt: truth.groundTruth(camera) }))
    .filter(({ map, gt }) => map.width === gt.width && map.height === gt.height)
    .map(({ map, gt }) => ({ estimate: map.depth, truth: gt.depth }));
  const length = pairs.reduce((n, p) => n + Math.min(p.estimate.length, p.truth.length), 0);
  const estimate = new Float32Array(length);
  const expected = new Float64Array(length);
  let offset = 0;
  for (const p of pairs) {
    const n = Math.min(p.estimate.length, p.truth.length);
    estimate.set(p.estimate.subarray(0, n), offset);
    expected.set(p.truth.subarray(0, n), offset);
    offset += n;
  }
  const e = depthMapError(estimate, expected);
  return { cameras: pairs.length, medianErrorMm: e.medianAbsErrorMm, p90ErrorMm: e.p90AbsErrorMm, validShare: e.validShare };
}
