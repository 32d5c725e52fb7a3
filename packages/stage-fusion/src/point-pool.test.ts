import { describe, expect, it } from 'vitest';
import { estimateNormals, removeStatisticalOutliers } from '@aquamvs/geometry';
import { FusionPool } from './fusion-pool.js';
import { estimateNormalsParallel, removeStatisticalOutliersParallel } from './point-pool.js';

describe('normals and outlier removal on worker threads', () => {
  it('give exactly the results of the sequential versions on 2 threads (300 000 points)', async () => {
    const points = wavyCloud(0);
    const serial = estimateNormals(points, { radius: 0.005 });
    const parallel = await estimateNormalsParallel(points, { radius: 0.005 }, 2);
    expect(parallel).toEqual(serial);
    // A few far-off points for the outlier filter to find.
    for (let i = 0; i < 300; i++) points[i * 997 * 3 + 2] += 0.05;
    const sequential = removeStatisticalOutliers(points, { neighbors: 20, stdRatio: 2 });
    expect(sequential.removed).toBeGreaterThanOrEqual(300);
    expect(await removeStatisticalOutliersParallel(points, { neighbors: 20, stdRatio: 2 }, 2)).toEqual(sequential);
  });

  it('share one pool across jobs and clouds, each job rebuilding its grid', async () => {
    const pool = new FusionPool(2);
    try {
      const first = wavyCloud(0);
      expect(await estimateNormalsParallel(first, { radius: 0.005 }, pool)).toEqual(estimateNormals(first, { radius: 0.005 }));
      expect(await removeStatisticalOutliersParallel(first, { neighbors: 20 }, pool)).toEqual(removeStatisticalOutliers(first, { neighbors: 20 }));
      const second = wavyCloud(1);
      expect(await estimateNormalsParallel(second, { radius: 0.005 }, pool)).toEqual(estimateNormals(second, { radius: 0.005 }));
    } finally {
      await pool.close();
    }
  });
});

/** 548 × 548 points on a 1 mm grid of a wavy surface; `phase` shifts the waves. */
function wavyCloud(phase: number): Float64Array {
  const side = 548;
  const points = new Float64Array(side * side * 3);
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const x = i * 0.001;
      const y = j * 0.001;
      points.set([x, y, 1 + 0.005 * Math.sin(x * 125.66 + phase) + 0.005 * Math.sin(y * 96.66)], (i * side + j) * 3);
    }
  }
  return points;
}
