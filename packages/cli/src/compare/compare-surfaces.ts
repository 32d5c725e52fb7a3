import {
  cloudToCloudDistance,
  heightMapDifference,
  icpAlign,
  noOverlap,
  volumeChange,
  type CloudDistance,
  type VolumeChange,
} from '@aquamvs/evaluation';
import type { OutputWriter } from '@aquamvs/core';
import { writeHeightDifference } from './height-difference-files.js';

/** Settings of a comparison (CLI flags). */
export interface CompareSettings {
  /** Align A onto B with point-to-plane ICP first. */
  readonly icp: boolean;
  /** ICP correspondence distance, metres (`runtime.icp_max_distance`). */
  readonly icpMaxDistance: number;
  /** Height-map grid spacing, metres. */
  readonly gridResolution: number;
  /** Longest Delaunay edge interpolated over, metres (longer gaps stay holes). */
  readonly maxGap: number;
  /** Smallest height change counted as changed, metres. */
  readonly minChange: number;
}

/** What {@link compareSurfaces} measured. */
export interface SurfaceComparison {
  readonly distance: CloudDistance;
  readonly icp?: { transformation: number[]; fitness: number; inlierRmse: number };
  readonly height: { meanDiff: number; stdDiff: number; absMeanDiff: number; maxAbsDiff: number; rmse: number; overlapCells: number };
  readonly volume: VolumeChange;
  readonly files: string[];
}

/**
 * Compares surface A with surface B (labels name them in messages): optional ICP of A onto B, nearest-neighbour
 * distances both ways, the height difference on a shared grid (written as `{name}.npz` and `.png`) and the volume
 * change from B to A. Surfaces that share no grid cell are `AQM_ERR_EVALUATION_NO_OVERLAP`.
 */
export async function compareSurfaces(
  a: { label: string; points: Float32Array | Float64Array },
  b: { label: string; points: Float32Array | Float64Array },
  settings: CompareSettings,
  writer: OutputWriter,
  name: string,
): Promise<SurfaceComparison> {
  let pointsA: Float32Array | Float64Array = a.points;
  let icp: SurfaceComparison['icp'];
  const difference = (points: Float32Array | Float64Array): ReturnType<typeof heightMapDifference> =>
    heightMapDifference(points, b.points, { gridResolution: settings.gridResolution, maxTriangleEdge: settings.maxGap });
  // Checked before ICP and distances: both are slow and meaningless for surfaces that never meet.
  if (difference(pointsA).overlapCells === 0)
    throw noOverlap(a.label, b.label, 'their height maps share no grid cell (different scenes or coordinate frames?)');
  if (settings.icp) {
    const r = icpAlign(pointsA, b.points, { maxDistance: settings.icpMaxDistance });
    icp = { transformation: r.transformation, fitness: r.fitness, inlierRmse: r.inlierRmse };
    pointsA = r.aligned;
  }
  const heights = difference(pointsA);
  const files = await writeHeightDifference(writer, name, heights, `height of A above B (${settings.gridResolution * 1000} mm grid)`);
  const { meanDiff, stdDiff, absMeanDiff, maxAbsDiff, rmse, overlapCells } = heights;
  return {
    distance: cloudToCloudDistance(pointsA, b.points),
    ...(icp === undefined ? {} : { icp }),
    height: { meanDiff, stdDiff, absMeanDiff, maxAbsDiff, rmse, overlapCells },
    volume: volumeChange(heights, { minChange: settings.minChange }),
    files,
  };
}

const mm = (m: number): string => `${(m * 1000).toFixed(3)} mm`;
const litres = (m3: number): string => `${(m3 * 1000).toFixed(4)} L`;

/** The one-screen summary of a comparison. */
export function formatSurfaceComparison(labelA: string, labelB: string, c: SurfaceComparison): string {
  const d = c.distance;
  const lines = [`A = ${labelA}`, `B = ${labelB}`];
  if (c.icp) lines.push(`ICP (A onto B): fitness ${c.icp.fitness.toFixed(3)}, inlier RMSE ${mm(c.icp.inlierRmse)}`);
  lines.push(
    `distance  A→B mean ${mm(d.meanAToB)}  median ${mm(d.medianAToB)}  Hausdorff ${mm(d.hausdorffAToB)}`,
    `          B→A mean ${mm(d.meanBToA)}  median ${mm(d.medianBToA)}  Hausdorff ${mm(d.hausdorffBToA)}`,
    `height    zA − zB mean ${mm(c.height.meanDiff)}  std ${mm(c.height.stdDiff)}  RMSE ${mm(c.height.rmse)}  max |Δ| ${mm(c.height.maxAbsDiff)}  (${c.height.overlapCells} cells)`,
    `volume    B→A gained ${litres(c.volume.gainedM3)}  lost ${litres(c.volume.lostM3)}  net ${litres(c.volume.netM3)}  changed area ${c.volume.changedAreaM2.toFixed(4)} m² of ${c.volume.overlapAreaM2.toFixed(4)} m²`,
    `wrote ${c.files.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
