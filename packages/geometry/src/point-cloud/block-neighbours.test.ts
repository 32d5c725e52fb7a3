import { describe, expect, it } from 'vitest';
import { BlockNeighbours } from './block-neighbours.js';
import { PointGrid } from './point-grid.js';
import { lcg } from '../test-support/lcg.js';

/** Every point of the grid, cell by cell, through `BlockNeighbours` and through the grid: the same answers. */
function compareAll(points: Float64Array, cell: number, k: number, radius: number): { queries: number; inBlocks: number; answered: number } {
  const grid = new PointGrid(points, cell);
  const block = new BlockNeighbours(grid);
  const n = points.length / 3;
  const [ia, ib] = [new Int32Array(k), new Int32Array(k)];
  const [da, db] = [new Float64Array(k), new Float64Array(k)];
  const byCell = Array.from({ length: n }, (_, i) => i)
    .map((i) => ({ i, cell: grid.cellOf(points[i * 3], points[i * 3 + 1], points[i * 3 + 2]) }))
    .sort((a, b) => a.cell - b.cell || a.i - b.i);
  let loaded = -2;
  let inBlock = false;
  let likely2 = Infinity;
  let inBlocks = 0;
  for (const { i, cell: c } of byCell) {
    if (c !== loaded) {
      loaded = c;
      inBlock = c >= 0 && block.load(c, k);
    }
    const [x, y, z] = [points[i * 3], points[i * 3 + 1], points[i * 3 + 2]];
    const want = grid.knn(x, y, z, k, radius, ia, da);
    if (!inBlock) continue;
    inBlocks++;
    const got = block.knn(x, y, z, k, radius, ib, db, likely2);
    expect(got).toBe(want);
    expect(Array.from(ib.subarray(0, got))).toEqual(Array.from(ia.subarray(0, want)));
    expect(Array.from(db.subarray(0, got))).toEqual(Array.from(da.subarray(0, want)));
    likely2 = got === k ? 1.3 * db[k - 1] : Infinity;
  }
  return { queries: byCell.length, inBlocks, answered: block.answered };
}

describe('BlockNeighbours', () => {
  it('finds the grid’s neighbours, in its order, on a noisy bed (about 30 in reach, as the fusion stage asks)', () => {
    const rand = lcg(3);
    const points = Float64Array.from({ length: 6000 * 3 }, (_, i) => (i % 3 === 2 ? 0.5 + 0.002 * (rand() - 0.5) : rand() * 0.06));
    const { queries, inBlocks, answered } = compareAll(points, 0.0015, 30, 0.003);
    expect(inBlocks).toBe(queries);
    // Most from the blocks themselves: the grid answers only where a k-th neighbour may lie beyond the block.
    expect(answered).toBeGreaterThan(0.9 * queries);
  });

  it('grows its blocks where the cells are small for the neighbours wanted, and answers as the grid for any k', () => {
    const rand = lcg(5);
    // A bed of 1.2 points/mm²: the 30th neighbour ~2.8 mm away, three 1 mm cells.
    const bed = Float64Array.from({ length: 3000 * 3 }, (_, i) => (i % 3 === 2 ? 0.3 + 0.001 * rand() : rand() * 0.05));
    const small = compareAll(bed, 0.001, 30, 0.005);
    expect(small.answered).toBeGreaterThan(0.6 * small.queries);
    const cloud = Float64Array.from({ length: 3000 * 3 }, () => rand() * 0.05);
    compareAll(cloud, 0.002, 30, 0.01);
    // An unbounded radius: the grid's search answers (a block can never hold all points within it).
    expect(compareAll(cloud, 0.004, 100, Infinity).answered).toBe(0);
  });

  it('breaks equal distances by point index on a regular lattice, as the grid does', () => {
    const side = 24;
    const lattice = Float64Array.from({ length: side * side * 3 }, (_, i) => {
      const p = Math.floor(i / 3);
      return i % 3 === 0 ? 0.001 * (p % side) : i % 3 === 1 ? 0.001 * Math.floor(p / side) : 0.2;
    });
    compareAll(lattice, 0.0015, 13, 0.003);
    compareAll(lattice, 0.003, 30, 0.005);
  });

  it('leaves points that are not finite to the grid, and tells when a block is too full to be worth it', () => {
    const rand = lcg(9);
    const points = Float64Array.from({ length: 2000 * 3 }, () => rand() * 0.01);
    points[0] = Number.NaN;
    compareAll(points, 0.002, 8, 0.004);
    // One cell holding everything: 2000 candidates for 8 neighbours.
    const grid = new PointGrid(points, 1);
    expect(new BlockNeighbours(grid).load(grid.cellOf(points[3], points[4], points[5]), 8)).toBe(false);
  });
});
