import { describe, expect, it } from 'vitest';
import { estimateNormals } from './estimate-normals.js';
import { removeStatisticalOutliers } from '@aquamvs/geometry';
import { FusionPool } from './fusion-pool.js';
import { estimateNormalsParallel, removeStatisticalOutliersParallel } from './point-pool.js';
import { smallestEigenvector } from './smallest-eigenvector.js';
import { lcg } from './test-support/gt-views.js';

describe('normals', () => {
  it('finds the normal of a tilted plane, unit length and facing the viewpoint', () => {
    const rand = lcg(2);
    const n = 2000;
    // Plane z = 1 + 0.3x − 0.2y; true normal ∝ (0.3, −0.2, −1) when facing up (−Z).
    const pts = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const x = rand() * 0.05;
      const y = rand() * 0.05;
      pts.set([x, y, 1 + 0.3 * x - 0.2 * y], i * 3);
    }
    const normals = estimateNormals(pts, { radius: 0.005 });
    const l = Math.hypot(0.3, -0.2, -1);
    for (let i = 0; i < n; i++) {
      const [a, b, c] = [normals[i * 3], normals[i * 3 + 1], normals[i * 3 + 2]];
      expect(Math.abs(Math.hypot(a, b, c) - 1)).toBeLessThan(1e-5);
      expect((a * 0.3 - b * 0.2 - c) / l).toBeGreaterThan(0.99999);
    }
  });

  it('gives (0, 0, 1) oriented to the viewpoint when a point has fewer than 3 neighbours', () => {
    const normals = estimateNormals(Float64Array.from([0, 0, 1, 1, 1, 1]), { radius: 0.01 });
    expect([...normals].map((v) => v + 0)).toEqual([0, 0, -1, 0, 0, -1]);
  });

  it('returns the smallest eigenvector of diagonal, repeated and general symmetric matrices', () => {
    const out = new Float64Array(3);
    smallestEigenvector(3, 0, 0, 1, 0, 2, out);
    expect(Math.abs(out[1])).toBeCloseTo(1, 12);
    smallestEigenvector(1, 0, 0, 1, 0, 1, out);
    expect(Math.hypot(out[0], out[1], out[2])).toBeCloseTo(1, 12);
    // A = Q diag(5, 2, 0.5) Qᵀ with Q a rotation about z by 30°, then about x by 40°.
    const v = [0.3, -0.5, 0.81];
    const len = Math.hypot(...v);
    const e = v.map((x) => x / len);
    const a = (i: number, j: number): number => 2 * (i === j ? 1 : 0) - 1.5 * e[i] * e[j];
    smallestEigenvector(a(0, 0), a(0, 1), a(0, 2), a(1, 1), a(1, 2), a(2, 2), out);
    expect(Math.abs(out[0] * e[0] + out[1] * e[1] + out[2] * e[2])).toBeCloseTo(1, 10);
  });
});

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
