import type { DepthMap } from '@aquamvs/core';
import type { Calibration } from '@aquamvs/geometry';
import type { GroundTruth } from '../render/ground-truth.js';
import type { SceneSurface } from '../scenes/scene-surface.js';
import { createPointIndex } from './point-index.js';
import { quantileSorted, summarizeDistances } from './summarize-distances.js';
import { createVisibility } from './surface-samples.js';

/** A surface point belongs to the relief when it lies more than this far (metres) off the bed. */
export const RELIEF_MIN_HEIGHT = 0.003;
/** A relief point is on a *top* (mound or rock top, pit floor) when it lies at least this far off the bed. */
export const RELIEF_TOP_HEIGHT = 0.01;
/** Holes are measured up to this diameter (metres); a larger one reads as this. */
const HOLE_CAP = 0.05;

/** How completely and accurately the relief (points > 3 mm off the bed) was reconstructed. */
export interface ReliefFigures {
  /** Relief samples (1 mm XY grid) seen by ≥ 2 ring cameras. */
  readonly samples: number;
  /** Surface → cloud: share of the relief samples with a cloud point within 2 mm. */
  readonly completeness2mm: number;
  /** Diameter (mm) of the largest empty ball centred on a relief sample: the widest hole of the cloud on the relief. */
  readonly maxHoleMm: number;
  /** Cloud → surface: cloud points over the relief and their exact distance to the surface. */
  readonly points: number;
  readonly medianErrorMm: number;
  readonly p90ErrorMm: number;
  /** Depth maps (full pathways): relief pixels that ≥ 2 ring cameras see, pooled over the ring cameras. */
  readonly depth?: {
    readonly pixels: number;
    readonly validShare: number;
    /** The same over the relief tops (≥ 1 cm off the bed). */
    readonly topPixels: number;
    readonly topValidShare: number;
    readonly medianErrorMm: number;
    readonly p90ErrorMm: number;
  };
}

/** What {@link reliefFigures} scores against: a synthetic scene with relief. */
export interface ReliefTruth {
  readonly calibration: Calibration;
  readonly surface: SceneSurface;
  groundTruth(camera: string): GroundTruth;
}

/**
 * Relief-only figures of a cloud (and depth maps): where the median over the whole bed hides a missing mound top,
 * these count only the relief. `undefined` when the scene has no relief the ring cameras see.
 * @example
 * const r = reliefFigures(scene, cloud.positions, depthMaps); // r.maxHoleMm, r.depth.topValidShare
 */
export function reliefFigures(truth: ReliefTruth, cloud: Float64Array, depthMaps?: ReadonlyMap<string, DepthMap>): ReliefFigures | undefined {
  const { surface } = truth;
  const isRelief = (x: number, y: number): boolean => Math.abs(surface.reliefHeight(x, y)) > RELIEF_MIN_HEIGHT;
  const visibility = createVisibility(truth);
  const [bx0, bx1, by0, by1] = visibility.bounds;
  const samples: number[] = [];
  const spacing = 0.001;
  for (let y = by0; y <= by1; y += spacing) {
    for (let x = bx0; x <= bx1; x += spacing) {
      if (!surface.contains(x, y) || !isRelief(x, y)) continue;
      const z = surface.height(x, y);
      if (visibility.seenBy(x, y, z, 2) >= 2) samples.push(x, y, z);
    }
  }
  if (samples.length === 0) return undefined;
  const index = createPointIndex(cloud, 0.004);
  let covered = 0;
  let hole = 0;
  for (let i = 0; i < samples.length; i += 3) {
    const d = Math.min(HOLE_CAP / 2, index.nearestDistance(samples[i], samples[i + 1], samples[i + 2], HOLE_CAP / 2));
    if (d <= 0.002) covered++;
    if (d > hole) hole = d;
  }
  const onRelief: number[] = [];
  for (let i = 0; i + 2 < cloud.length; i += 3) if (isRelief(cloud[i], cloud[i + 1])) onRelief.push(cloud[i], cloud[i + 1], cloud[i + 2]);
  const errors = summarizeDistances(surface.distanceToSurface(Float64Array.from(onRelief)));
  const n = samples.length / 3;
  return {
    samples: n,
    completeness2mm: covered / n,
    maxHoleMm: 2 * hole * 1000,
    points: errors.count,
    medianErrorMm: errors.medianMm,
    p90ErrorMm: errors.p90Mm,
    ...(depthMaps === undefined || depthMaps.size === 0
      ? {}
      : { depth: reliefDepth(truth, depthMaps, (x, y, z, enough) => visibility.seenBy(x, y, z, enough)) }),
  };
}

function reliefDepth(
  truth: ReliefTruth,
  maps: ReadonlyMap<string, DepthMap>,
  seenBy: (x: number, y: number, z: number, enough?: number) => number,
): NonNullable<ReliefFigures['depth']> {
  const errors: number[] = [];
  let pixels = 0;
  let topPixels = 0;
  let topValid = 0;
  for (const [camera, map] of maps) {
    const gt = truth.groundTruth(camera);
    if (gt.width !== map.width || gt.height !== map.height) continue;
    for (let i = 0; i < gt.depth.length; i++) {
      const d = gt.depth[i];
      if (!Number.isFinite(d)) continue;
      const x = gt.points[i * 3];
      const y = gt.points[i * 3 + 1];
      const h = Math.abs(truth.surface.reliefHeight(x, y));
      if (h <= RELIEF_MIN_HEIGHT || seenBy(x, y, gt.points[i * 3 + 2], 2) < 2) continue;
      pixels++;
      const top = h >= RELIEF_TOP_HEIGHT;
      if (top) topPixels++;
      const e = map.depth[i];
      if (!(Number.isFinite(e) && e > 0)) continue;
      if (top) topValid++;
      errors.push(Math.abs(e - d) * 1000);
    }
  }
  const sorted = Float64Array.from(errors).sort();
  return {
    pixels,
    validShare: pixels === 0 ? 0 : errors.length / pixels,
    topPixels,
    topValidShare: topPixels === 0 ? 0 : topValid / topPixels,
    medianErrorMm: quantileSorted(sorted, 0.5),
    p90ErrorMm: quantileSorted(sorted, 0.9),
  };
}
