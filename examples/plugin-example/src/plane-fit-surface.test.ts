import { describe, expect, it } from 'vitest';
import { cloudStats } from './cloud-stats-stage.js';
import { planeFitSurface } from './plane-fit-surface.js';

/** Points 1 mm above and 1 mm below z = 0.01·x − 0.02·y + 0.5 at each node of a 5×4 grid. */
function tiltedCloud(): Float64Array {
  const points: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 4; j++) {
      const x = -0.2 + 0.1 * i,
        y = -0.15 + 0.1 * j;
      const z = 0.01 * x - 0.02 * y + 0.5;
      points.push(x, y, z + 0.001, x, y, z - 0.001);
    }
  }
  return new Float64Array(points);
}

describe('planeFitSurface', () => {
  it('meshes the least-squares plane over the x/y bounding box as two triangles facing the cameras (−Z)', () => {
    const mesh = planeFitSurface({ positions: tiltedCloud() });
    expect(Array.from(mesh.faces)).toEqual([0, 2, 1, 0, 3, 2]);
    const corners = Array.from({ length: 4 }, (_, k) => Array.from(mesh.positions.slice(3 * k, 3 * k + 3)));
    const expected = [
      [-0.2, -0.15],
      [0.2, -0.15],
      [0.2, 0.15],
      [-0.2, 0.15],
    ];
    corners.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(expected[k][0], 12);
      expect(y).toBeCloseTo(expected[k][1], 12);
    });
    for (const [x, y, z] of corners) expect(z).toBeCloseTo(0.01 * x - 0.02 * y + 0.5, 9);
    const [p0, p2, p1] = [corners[0], corners[2], corners[1]];
    const u = [p2[0] - p0[0], p2[1] - p0[1]],
      v = [p1[0] - p0[0], p1[1] - p0[1]];
    expect(u[0] * v[1] - u[1] * v[0]).toBeLessThan(0); // z of the face normal
  });

  it('gives an empty mesh for fewer than three points or points on one line', () => {
    expect(planeFitSurface({ positions: new Float64Array([0, 0, 1, 1, 1, 1]) }).faces.length).toBe(0);
    expect(planeFitSurface({ positions: new Float64Array([0, 0, 1, 1, 1, 1, 2, 2, 1.5]) }).faces.length).toBe(0);
  });
});

describe('cloudStats', () => {
  it('counts points and reports the z spread', () => {
    expect(cloudStats(new Float64Array([0, 0, 1, 5, 5, 3]))).toEqual({ points: 2, zMin: 1, zMax: 3, zMean: 2, zStd: 1 });
    expect(cloudStats(new Float64Array(0))).toEqual({ points: 0 });
  });
});
