import { describe, expect, it } from 'vitest';
import { NodeLattice } from './node-lattice.js';
import { cellBlocks, forTrilinear, splatSamples, WHOLE_LATTICE } from './sample-splat.js';

/** The level's terms as first written: 32 rank look-ups per sample. */
function splatDirectly(lattice: NodeLattice, points: Float64Array, normals: Float64Array, weights: Float64Array, alpha: number) {
  const n = lattice.n;
  const rhs = new Float64Array(lattice.size);
  const mass = new Float64Array(lattice.size);
  for (let s = 0; s < weights.length; s++) {
    const u = [points[s * 3] * n, points[s * 3 + 1] * n, points[s * 3 + 2] * n];
    forTrilinear(u[0], u[1], u[2], (i, j, k, b) => {
      const a = lattice.rankOf(i, j, k);
      if (a >= 0) mass[a] += alpha * weights[s] * b;
    });
    for (let axis = 0; axis < 3; axis++) {
      const f = weights[s] * normals[s * 3 + axis];
      if (f === 0) continue;
      const at = u.map((x, q) => (q === axis ? x - 0.5 : x));
      forTrilinear(at[0], at[1], at[2], (i, j, k, b) => {
        const lo = lattice.rankOf(i, j, k);
        const hi = lattice.rankOf(i + (axis === 0 ? 1 : 0), j + (axis === 1 ? 1 : 0), k + (axis === 2 ? 1 : 0));
        if (lo < 0 || hi < 0) return;
        rhs[hi] += (f * b) / (1 / n);
        rhs[lo] -= (f * b) / (1 / n);
      });
    }
  }
  return { rhs, mass };
}

describe('splatSamples', () => {
  let seed = 3;
  const rand = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const count = 2000;
  const points = Float64Array.from({ length: count * 3 }, (_, q) => (q % 3 === 2 ? 0.4 + 0.05 * rand() : 0.2 + 0.6 * rand()));
  // Samples on cell corners and faces (zero weights), and one outside the lattice's cells (the slow path).
  points.set([0.5, 0.5, 0.4375, 0.25, 0.375, 0.4, 1, 0.5, 0.4]);
  const normals = Float64Array.from({ length: count * 3 }, (_, q) => (q % 7 === 0 ? 0 : rand() - 0.5));
  const weights = Float64Array.from({ length: count }, () => 0.5 + rand());
  const depth = 5;
  const n = 1 << depth;

  it('gives the terms of 32 direct look-ups per sample, whatever band (band 0: absent corners and faces), and the same bit for bit in any split into slabs', () => {
    for (const band of [0, 2]) {
      const cells = new NodeLattice(depth);
      const lattice = new NodeLattice(depth);
      for (let s = 0; s < count; s++) {
        const c = [0, 1, 2].map((q) => Math.min(n - 1, Math.floor(points[s * 3 + q] * n)));
        if (s === 2) continue; // left out of the cells: the slow path
        cells.add(c[0], c[1], c[2]);
        for (let q = 0; q < 64; q++) {
          const d = [q & 3, (q >> 2) & 3, q >> 4].map((x) => x - 1);
          if (d.every((x) => x >= -band && x <= band + 1)) lattice.add(c[0] + d[0], c[1] + d[1], c[2] + d[2]);
        }
      }
      cells.finalize();
      lattice.finalize();
      const blocks = new Int32Array(cells.size * 64);
      cellBlocks(cells, lattice, 0, cells.size, blocks);
      const rhs = new Float64Array(lattice.size);
      const mass = new Float64Array(lattice.size);
      splatSamples({ lattice, cells, blocks }, { points, normals, weights }, 4, rhs, mass, WHOLE_LATTICE);
      const direct = splatDirectly(lattice, points, normals, weights, 4);
      // Summed per cell first: the same terms up to rounding (the largest |rhs| here is ~60).
      const scale = Math.max(...direct.rhs.map(Math.abs));
      expect(scale).toBeGreaterThan(10);
      for (let a = 0; a < lattice.size; a++) {
        expect(Math.abs(rhs[a] - direct.rhs[a])).toBeLessThan(1e-12 * scale);
        expect(Math.abs(mass[a] - direct.mass[a])).toBeLessThan(1e-12 * Math.max(1, Math.abs(direct.mass[a])));
      }
      expect(rhs.filter((x) => x !== 0).length).toBe(direct.rhs.filter((x) => x !== 0).length);
      expect(mass.filter((x) => x !== 0).length).toBe(direct.mass.filter((x) => x !== 0).length);
      // Split into slabs along each axis (as worker threads do), every node gets the same sum as in one piece.
      for (const axis of [0, 1, 2]) {
        const split = { rhs: new Float64Array(lattice.size), mass: new Float64Array(lattice.size) };
        for (const [lo, hi] of [
          [-Infinity, 13],
          [13, 14],
          [14, Infinity],
        ]) {
          splatSamples({ lattice, cells, blocks }, { points, normals, weights }, 4, split.rhs, split.mass, { axis, lo, hi });
        }
        expect(split.rhs).toEqual(rhs);
        expect(split.mass).toEqual(mass);
      }
    }
  });
});
