import { describe, expect, it } from 'vitest';
import { PointGrid } from './point-grid.js';
import { lcg } from '../test-support/lcg.js';

function brute(points: Float64Array, x: number, y: number, z: number, k: number, radius: number): number[] {
  const d: number[] = [];
  for (let i = 0; i < points.length / 3; i++) {
    const d2 = (points[i * 3] - x) ** 2 + (points[i * 3 + 1] - y) ** 2 + (points[i * 3 + 2] - z) ** 2;
    if (d2 <= radius * radius) d.push(d2);
  }
  return d.sort((a, b) => a - b).slice(0, k);
}

describe('PointGrid.knn', () => {
  const rand = lcg(7);
  const n = 3000;
  const points = Float64Array.from({ length: n * 3 }, (_, i) => (i % 3 === 2 ? 1 + 0.01 * rand() : rand() * 0.2));

  it('returns the same k nearest distances as brute force, bounded and unbounded, for any cell size', () => {
    const idx = new Int32Array(20);
    const d2 = new Float64Array(20);
    for (const cell of [0.002, 0.01, 0.05]) {
      const grid = new PointGrid(points, cell);
      for (let q = 0; q < 60; q++) {
        const [x, y, z] = [rand() * 0.24 - 0.02, rand() * 0.24 - 0.02, 1 + 0.02 * rand()];
        for (const radius of [0.006, Infinity]) {
          const m = grid.knn(x, y, z, 20, radius, idx, d2);
          const want = brute(points, x, y, z, 20, radius);
          expect(m).toBe(want.length);
          for (let j = 0; j < m; j++) expect(d2[j]).toBeCloseTo(want[j], 14);
        }
      }
    }
  });

  it('gives the same neighbours, in the same order, whatever distance it is told they likely lie within', () => {
    const grid = new PointGrid(points, 0.005);
    const [idx, d2, idxLikely, d2Likely] = [new Int32Array(20), new Float64Array(20), new Int32Array(20), new Float64Array(20)];
    let fellBack = 0;
    for (let q = 0; q < 60; q++) {
      const [x, y, z] = [rand() * 0.24 - 0.02, rand() * 0.24 - 0.02, 1 + 0.02 * rand()];
      for (const radius of [0.006, Infinity]) {
        const m = grid.knn(x, y, z, 20, radius, idx, d2);
        // too close (fewer than k inside: the whole radius is searched), exact, generous, beyond the radius
        for (const likely2 of [0.25 * d2[m - 1], d2[m - 1], 2 * d2[m - 1], 4 * radius * radius]) {
          if (grid.knn(x, y, z, 20, radius, idxLikely, d2Likely, likely2) === m && likely2 < d2[m - 1]) fellBack++;
          expect(Array.from(idxLikely.subarray(0, m))).toEqual(Array.from(idx.subarray(0, m)));
          expect(Array.from(d2Likely.subarray(0, m))).toEqual(Array.from(d2.subarray(0, m)));
        }
      }
    }
    expect(fellBack).toBeGreaterThan(60);
  });

  it('orders equal distances by point index, so the neighbours do not depend on how the cells are searched', () => {
    // A regular lattice: many neighbours at exactly equal distances, across cell boundaries for every cell size.
    const lattice = Float64Array.from({ length: 11 * 11 * 3 }, (_, i) =>
      i % 3 === 2 ? 0 : i % 3 === 0 ? 0.001 * (Math.floor(i / 3) % 11) : 0.001 * Math.floor(i / 33),
    );
    const idx = new Int32Array(9);
    const d2 = new Float64Array(9);
    for (const cell of [0.0007, 0.0015, 0.004]) {
      const grid = new PointGrid(lattice, cell);
      // The centre point (5, 5) and its 8 nearest: itself, the 4 edge neighbours, then the 4 diagonal ones.
      expect(grid.knn(0.005, 0.005, 0, 9, Infinity, idx, d2)).toBe(9);
      expect(Array.from(idx)).toEqual([60, 49, 59, 61, 71, 48, 50, 70, 72]);
      // Only 3 of the 4 edge neighbours fit: the lowest indices.
      expect(grid.knn(0.005, 0.005, 0, 4, Infinity, idx, d2)).toBe(4);
      expect(Array.from(idx.subarray(0, 4))).toEqual([60, 49, 59, 61]);
    }
  });

  it('includes an indexed query point itself at distance 0', () => {
    const grid = new PointGrid(points, 0.01);
    const idx = new Int32Array(5);
    const d2 = new Float64Array(5);
    grid.knn(points[30], points[31], points[32], 5, Infinity, idx, d2);
    expect(idx[0]).toBe(10);
    expect(d2[0]).toBe(0);
  });
});

describe('PointGrid.inRadius', () => {
  const rand = lcg(11);
  const n = 3000;
  const points = Float64Array.from({ length: n * 3 }, (_, i) => (i % 3 === 2 ? 1 + 0.01 * rand() : rand() * 0.2));

  it('finds exactly the points brute force finds within the radius, for any cell size, and reports overflow', () => {
    const out = new Int32Array(400);
    for (const cell of [0.002, 0.01, 0.05]) {
      const grid = new PointGrid(points, cell);
      for (let q = 0; q < 60; q++) {
        const [x, y, z] = [rand() * 0.24 - 0.02, rand() * 0.24 - 0.02, 1 + 0.02 * rand()];
        const radius = 0.004 + 0.01 * rand();
        const want: number[] = [];
        for (let i = 0; i < n; i++) {
          if ((points[i * 3] - x) ** 2 + (points[i * 3 + 1] - y) ** 2 + (points[i * 3 + 2] - z) ** 2 <= radius * radius) want.push(i);
        }
        const m = grid.inRadius(x, y, z, radius, out);
        expect(m).toBe(want.length);
        expect(Array.from(out.subarray(0, m)).sort((a, b) => a - b)).toEqual(want);
      }
    }
    const grid = new PointGrid(points, 0.01);
    const small = new Int32Array(3);
    expect(grid.inRadius(0.1, 0.1, 1.005, 0.05, small)).toBeGreaterThan(3);
  });
});

describe('PointGrid.parts', () => {
  const rand = lcg(11);
  const points = Float64Array.from({ length: 2000 * 3 }, () => rand() * 0.1);

  it('rebuilds, from a shared-memory grid, a grid that answers every query exactly as the original', () => {
    const original = PointGrid.shared(points, 0.004);
    const parts = original.parts();
    expect(parts.start.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(parts.order.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Built on shared memory already: parts() hands over the grid's own arrays, no copy.
    expect(original.parts().order).toBe(parts.order);
    const rebuilt = new PointGrid(points, parts.cell, parts);
    const [ia, ib] = [new Int32Array(12), new Int32Array(12)];
    const [da, db] = [new Float64Array(12), new Float64Array(12)];
    for (let q = 0; q < 50; q++) {
      const [x, y, z] = [rand() * 0.1, rand() * 0.1, rand() * 0.1];
      expect(rebuilt.knn(x, y, z, 12, 0.01, ib, db)).toBe(original.knn(x, y, z, 12, 0.01, ia, da));
      expect([...ib]).toEqual([...ia]);
      expect([...db]).toEqual([...da]);
    }
  });

  it('copies the arrays of a plainly built grid onto shared memory', () => {
    const parts = new PointGrid(points, 0.004).parts();
    expect(parts.start.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(parts.start.length).toBeGreaterThan(1);
    expect(parts.order.length).toBe(2000);
  });
});
