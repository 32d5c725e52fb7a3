import { describe, expect, it } from 'vitest';
import { reconstructPoissonHeightfield } from './poisson-heightfield.js';
import { ciScene, groundTruthCloud, medianDistanceMm, surfaceCloud } from './test-support/clouds.js';

describe('2.5-D screened Poisson height field', () => {
  it('reproduces a tilted plane (mean error < 1 µm, every vertex < 0.05 mm) with normals up', () => {
    const f = (x: number, y: number): number => 1.5 + 0.2 * x - 0.1 * y;
    const mesh = reconstructPoissonHeightfield(
      surfaceCloud(f, () => [0.2, -0.1], -0.05, 0.05, 0.001),
      { gridResolution: 0.002 },
    );
    const n = mesh.positions.length / 3;
    expect(n).toBeGreaterThan(2400);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const err = Math.abs(mesh.positions[i * 3 + 2] - f(mesh.positions[i * 3], mesh.positions[i * 3 + 1]));
      sum += err;
      expect(err).toBeLessThan(5e-5);
      expect(mesh.normals?.[i * 3 + 2]).toBeLessThan(-0.9);
    }
    expect(sum / n).toBeLessThan(1e-6);
  });

  it('meshes the ci undulating ground truth with median vertex distance below 0.1 mm and leaves unsampled cells open', () => {
    const scene = ciScene('undulating');
    const cloud = groundTruthCloud(scene, 3);
    const mesh = reconstructPoissonHeightfield(cloud, { gridResolution: 0.002 });
    expect(mesh.faces.length / 3).toBeGreaterThan(100_000);
    expect(medianDistanceMm(scene, mesh.positions)).toBeLessThan(0.1);
  });

  it('requires normals and at least 4 points', () => {
    expect(() => reconstructPoissonHeightfield({ positions: new Float64Array(12) })).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_SURFACE_NEEDS_NORMALS' }),
    );
    expect(() => reconstructPoissonHeightfield({ positions: new Float64Array(6), normals: new Float32Array(6) })).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_SURFACE_TOO_FEW_POINTS' }),
    );
  });
});
