import { describe, expect, it } from 'vitest';
import { estimateNormals, removeStatisticalOutliers } from '@aquamvs/geometry';
import { FusionPool } from './fusion-pool.js';
import { estimateNormalsAndOutliersParallel, estimateNormalsParallel } from './point-pool.js';

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
    const both = await estimateNormalsAndOutliersParallel(points, { radius: 0.005 }, { neighbors: 20, stdRatio: 2 }, 2, 'statistical');
    expect(both.outliers).toEqual(sequential);
    expect(both.normals).toEqual(estimateNormals(points, { radius: 0.005 }));
  });

  it('take the outlier distances from the normal search only where it found enough neighbours (sparse and 40-neighbour clouds)', async () => {
    // Spacing 3 mm: about 9 neighbours within the 5 mm normal radius, so the filter's 20 come from a search of its own.
    const sparse = wavyCloud(0).map((v, i) => (i % 3 === 2 ? v : v * 3));
    for (let i = 0; i < 200; i++) sparse[i * 1301 * 3 + 2] += 0.05;
    const normals = estimateNormals(sparse, { radius: 0.005 });
    for (const neighbors of [20, 40]) {
      const both = await estimateNormalsAndOutliersParallel(sparse, { radius: 0.005 }, { neighbors, stdRatio: 2 }, 2, 'statistical');
      const alone = removeStatisticalOutliers(sparse, { neighbors, stdRatio: 2 });
      expect(alone.removed).toBeGreaterThanOrEqual(200);
      expect(both.outliers).toEqual(alone);
      expect(both.normals).toEqual(normals);
    }
    // Below the threading threshold it runs in this thread, to the same result.
    const small = sparse.slice(0, 30_000 * 3);
    const inThread = await estimateNormalsAndOutliersParallel(small, { radius: 0.005 }, { neighbors: 20 }, 2, 'statistical');
    expect(inThread.outliers).toEqual(removeStatisticalOutliers(small, { neighbors: 20 }));
    expect(inThread.normals).toEqual(estimateNormals(small, { radius: 0.005 }));
  });

  it('quadric filter: finds the points off the surface, keeps sparse accurate ones, same on 1 and 2 threads', async () => {
    const dense = wavyCloud(0);
    // A sparse strip (every 3rd row and column of the first 100 rows: 9× fewer points, still on the surface) and
    // 300 points lifted 3 mm off it elsewhere.
    const keep: number[] = [];
    const side = 548;
    for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) if (i >= 100 || (i % 3 === 0 && j % 3 === 0)) keep.push(i * side + j);
    const points = new Float64Array(keep.length * 3);
    keep.forEach((p, k) => points.set(dense.subarray(p * 3, p * 3 + 3), k * 3));
    const sparse = keep.findIndex((p) => p >= 100 * side);
    const lifted = Array.from({ length: 300 }, (_, k) => sparse + 500 + k * 853);
    for (const p of lifted) points[p * 3 + 2] += 0.003;
    const quadric = await estimateNormalsAndOutliersParallel(points, { radius: 0.005 }, { neighbors: 20, stdRatio: 2 }, 2, 'quadric');
    const kept = new Set(quadric.outliers.kept);
    expect(lifted.filter((p) => kept.has(p))).toEqual([]);
    let sparseKept = 0;
    for (let p = 0; p < sparse; p++) if (kept.has(p)) sparseKept++;
    expect(sparseKept / sparse).toBeGreaterThan(0.99);
    // The density test takes the sparse strip as outliers instead.
    const statistical = removeStatisticalOutliers(points, { neighbors: 20, stdRatio: 2 });
    const densityKept = new Set(statistical.kept);
    let sparseKeptByDensity = 0;
    for (let p = 0; p < sparse; p++) if (densityKept.has(p)) sparseKeptByDensity++;
    expect(sparseKeptByDensity / sparse).toBeLessThan(0.5);
    const inThread = await estimateNormalsAndOutliersParallel(points, { radius: 0.005 }, { neighbors: 20, stdRatio: 2 }, 1, 'quadric');
    expect(inThread.outliers).toEqual(quadric.outliers);
  });

  it('share one pool across jobs and clouds, each job rebuilding its grid', async () => {
    const pool = new FusionPool(2);
    try {
      const first = wavyCloud(0);
      expect(await estimateNormalsParallel(first, { radius: 0.005 }, pool)).toEqual(estimateNormals(first, { radius: 0.005 }));
      expect((await estimateNormalsAndOutliersParallel(first, { radius: 0.005 }, { neighbors: 20 }, pool, 'statistical')).outliers).toEqual(
        removeStatisticalOutliers(first, { neighbors: 20 }),
      );
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
