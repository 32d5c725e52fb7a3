import { describe, expect, it } from 'vitest';
import { reconstructHeightfield } from './heightfield.js';
import { ciScene, groundTruthCloud, medianDistanceMm, surfaceCloud } from './test-support/clouds.js';

describe('height-field meshing', () => {
  it('reconstructs a sine surface around Z = 1.5 (vertices within 0.5 mm of it) with normals up', () => {
    const f = (x: number, y: number): number => 1.5 + 0.01 * Math.sin(x * 40) * Math.cos(y * 30);
    const cloud = surfaceCloud(f, () => [0, 0], -0.1, 0.1, 0.002);
    const mesh = reconstructHeightfield(cloud, { gridResolution: 0.004 });
    const n = mesh.positions.length / 3;
    expect(n).toBeGreaterThan(2000);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const [x, y, z] = [mesh.positions[i * 3], mesh.positions[i * 3 + 1], mesh.positions[i * 3 + 2]];
      sum += z;
      expect(Math.abs(z - f(x, y))).toBeLessThan(5e-4);
      expect(mesh.normals?.[i * 3 + 2]).toBeLessThan(0);
    }
    expect(Math.abs(sum / n - 1.5)).toBeLessThan(0.001);
  });

  it('uses numpy arange grid semantics from the minimum and interpolates colours linearly', () => {
    // Four corners of a 1 cm square plus its centre: grid 0, 0.004, 0.008 (< 0.01 + 0.004 → also 0.012, outside).
    const cloud = {
      positions: Float64Array.from([0, 0, 1, 0.01, 0, 1, 0, 0.01, 1, 0.01, 0.01, 1, 0.005, 0.005, 1]),
      colors: Uint8Array.from([0, 0, 0, 200, 0, 0, 0, 100, 0, 200, 100, 0, 100, 50, 0]),
    };
    const mesh = reconstructHeightfield(cloud, { gridResolution: 0.004 });
    expect(mesh.positions.length / 3).toBe(9);
    expect(mesh.faces.length / 3).toBe(8);
    const colors = mesh.colors ?? new Uint8Array(0);
    for (let v = 0; v < 9; v++) {
      expect(colors[v * 3]).toBe(Math.round(mesh.positions[v * 3] * 20_000));
      expect(colors[v * 3 + 1]).toBe(Math.round(mesh.positions[v * 3 + 1] * 10_000));
    }
  });

  it('leaves gaps outside the convex hull, rejects fewer than 4 points and returns empty for an empty cloud', () => {
    const l = { positions: Float64Array.from([0, 0, 1, 0.02, 0, 1, 0, 0.02, 1, 0.002, 0.002, 1]) };
    const mesh = reconstructHeightfield(l, { gridResolution: 0.002 });
    // Only the lower-left triangle is covered: nodes with i + j ≤ 10.
    expect(mesh.positions.length / 3).toBe(66);
    expect(() => reconstructHeightfield({ positions: Float64Array.from([0, 0, 1, 1, 0, 1, 0, 1, 1]) })).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_SURFACE_TOO_FEW_POINTS' }),
    );
    expect(reconstructHeightfield({ positions: new Float64Array(0) }).faces.length).toBe(0);
  });

  for (const name of ['flat', 'undulating'] as const) {
    it(`meshes the ci ${name} ground truth with median vertex distance below 0.3 mm`, () => {
      const scene = ciScene(name);
      const mesh = reconstructHeightfield(groundTruthCloud(scene, 3), { gridResolution: 0.002 });
      expect(mesh.faces.length / 3).toBeGreaterThan(20_000);
      expect(medianDistanceMm(scene, mesh.positions)).toBeLessThan(0.3);
    });
  }
});
