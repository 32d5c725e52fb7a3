import { describe, expect, it } from 'vitest';
import { removeStatisticalOutliers, selectPoints, selectPointsInPlace } from './remove-outliers.js';
import { lcg } from '../test-support/lcg.js';

/** Open3D's rule by brute force. */
function reference(points: Float64Array, k: number, ratio: number): number[] {
  const n = points.length / 3;
  const means: number[] = [];
  for (let i = 0; i < n; i++) {
    const d: number[] = [];
    for (let j = 0; j < n; j++)
      d.push(Math.hypot(points[i * 3] - points[j * 3], points[i * 3 + 1] - points[j * 3 + 1], points[i * 3 + 2] - points[j * 3 + 2]));
    d.sort((a, b) => a - b);
    means.push(d.slice(0, k).reduce((a, b) => a + b, 0) / k);
  }
  const mu = means.reduce((a, b) => a + b, 0) / n;
  const sigma = Math.sqrt(means.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1));
  return means.flatMap((m, i) => (m > 0 && m < mu + ratio * sigma ? [i] : []));
}

describe('statistical outlier removal', () => {
  const rand = lcg(9);
  const n = 1500;
  const pts = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const outlier = i % 100 === 0;
    pts.set([rand() * 0.05, rand() * 0.05, 1 + (outlier ? 0.01 + rand() * 0.02 : 0.0002 * rand())], i * 3);
  }

  it('keeps exactly the points Open3D keeps (20 neighbours incl. self, μ + 2σ)', () => {
    const { kept, removed } = removeStatisticalOutliers(pts, { neighbors: 20, stdRatio: 2 });
    expect([...kept]).toEqual(reference(pts, 20, 2));
    expect(removed).toBe(n - kept.length);
    for (let i = 0; i < n; i += 100) expect(kept.includes(i)).toBe(false);
  });

  it('selects positions, normals and colours of the kept points', () => {
    const cloud = {
      positions: Float64Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]),
      normals: new Float32Array(9).fill(0.5),
      colors: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
    };
    const s = selectPoints(cloud, Uint32Array.from([2]));
    expect([...s.positions]).toEqual([2, 2, 2]);
    expect([...(s.colors ?? [])]).toEqual([7, 8, 9]);
    expect(s.normals?.length).toBe(3);
  });

  it('selects in place exactly what selectPoints selects, and refuses indices out of order', () => {
    const n = 500;
    const cloud = () => ({
      positions: Float64Array.from({ length: n * 3 }, (_, i) => i * 0.001 + 1),
      normals: Float32Array.from({ length: n * 3 }, (_, i) => Math.sin(i)),
      colors: Uint8Array.from({ length: n * 3 }, (_, i) => i % 251),
    });
    for (const kept of [
      Uint32Array.from({ length: n }, (_, i) => i),
      Uint32Array.from([0, 3, 4, 250, 499]),
      Uint32Array.from([7]),
      new Uint32Array(0),
    ]) {
      const want = selectPoints(cloud(), kept);
      const got = selectPointsInPlace(cloud(), kept);
      expect(Array.from(got.positions)).toEqual(Array.from(want.positions));
      expect(Array.from(got.normals ?? [])).toEqual(Array.from(want.normals ?? []));
      expect(Array.from(got.colors ?? [])).toEqual(Array.from(want.colors ?? []));
    }
    expect(() => selectPointsInPlace(cloud(), Uint32Array.from([4, 3]))).toThrow(/ascending/);
  });

  it('handles an empty cloud', () => {
    expect(removeStatisticalOutliers(new Float64Array(0)).kept.length).toBe(0);
  });
});
