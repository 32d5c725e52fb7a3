import { describe, expect, it } from 'vitest';
import { estimateNormals } from './estimate-normals.js';
import { smallestEigenvector } from './smallest-eigenvector.js';
import { lcg } from '../test-support/lcg.js';

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
