import { cloudAccuracy, evaluateCloud, surfaceSamples } from '@aquamvs/benchmark/metrics';
import { describe, expect, it } from 'vitest';
import { filterAllDepthMaps } from './consistency-filter.js';
import { backProject, fuseDepthMaps, type FusionView } from './fuse-depth-maps.js';
import { ciScene, gtViews } from './test-support/gt-views.js';

describe('back-projection and fusion', () => {
  it('back-projects every finite pixel onto the true surface with the colour of that pixel', () => {
    const scene = ciScene('undulating');
    const [view] = gtViews(scene);
    const { positions, colors } = backProject(view);
    const finite = view.depthMap.depth.filter(Number.isFinite).length;
    expect(positions.length / 3).toBe(finite);
    expect(cloudAccuracy(positions, scene.surface).maxMm).toBeLessThan(1e-3);
    // First finite pixel: colour = (column, row, 0) of the test image.
    const first = view.depthMap.depth.findIndex(Number.isFinite);
    expect([...colors.subarray(0, 3)]).toEqual([first % view.depthMap.width, Math.floor(first / view.depthMap.width), 0]);
  });

  it('returns an empty cloud for all-NaN depth maps', () => {
    const [view] = gtViews(ciScene('flat'));
    const nan: FusionView = { ...view, depthMap: { ...view.depthMap, depth: new Float32Array(view.depthMap.depth.length).fill(Number.NaN) } };
    const cloud = fuseDepthMaps([nan]);
    expect(cloud.positions.length).toBe(0);
    expect(fuseDepthMaps([]).positions.length).toBe(0);
  });

  for (const name of ['flat', 'undulating'] as const) {
    it(`fuses ground-truth ${name} depth maps to a cloud with median error < 0.1 mm and F-score@2mm >= 0.8 (min_consistent_views 2 on the 4-camera ring)`, () => {
      const scene = ciScene(name);
      const views = gtViews(scene);
      const filtered = filterAllDepthMaps(views, { depthTolerance: 0.005, minConsistentViews: 2, minConfidence: 0.1 });
      const cloud = fuseDepthMaps(views.map((v) => ({ ...v, depthMap: filtered.get(v.name) ?? v.depthMap })), { voxelSize: 0.001 });
      const n = cloud.positions.length / 3;
      expect(n).toBeGreaterThan(100_000);
      const result = evaluateCloud(cloud.positions, scene.surface, surfaceSamples(scene, { spacing: 0.002 }), [1, 2, 5]);
      expect(result.accuracy.medianMm).toBeLessThan(0.1);
      expect(result.scores[1].fScore).toBeGreaterThanOrEqual(0.8);
      // Normals: unit length, pointing up (−Z), within 10° of the true normal.
      const normals = cloud.normals ?? new Float32Array(0);
      let sumZ = 0;
      let within = 0;
      for (let i = 0; i < n; i++) {
        const [nx, ny, nz] = [normals[i * 3], normals[i * 3 + 1], normals[i * 3 + 2]];
        expect(Math.abs(Math.hypot(nx, ny, nz) - 1)).toBeLessThan(1e-5);
        sumZ += nz;
        const t = scene.surface.normal(cloud.positions[i * 3], cloud.positions[i * 3 + 1]);
        if (Math.abs(nx * t[0] + ny * t[1] + nz * t[2]) > Math.cos((10 * Math.PI) / 180)) within++;
      }
      expect(sumZ / n).toBeLessThan(-0.8);
      expect(within / n).toBeGreaterThan(0.95);
    });
  }
});

describe('min_consistent_views on the ci rig', () => {
  it('with the default 3 (all other ring cameras must agree) precision stays 1 and recall drops to the 4-camera overlap', () => {
    const scene = ciScene('flat');
    const views = gtViews(scene);
    const filtered = filterAllDepthMaps(views, { minConsistentViews: 3 });
    const cloud = fuseDepthMaps(views.map((v) => ({ ...v, depthMap: filtered.get(v.name) ?? v.depthMap })));
    const { scores } = evaluateCloud(cloud.positions, scene.surface, surfaceSamples(scene, { spacing: 0.002 }), [2]);
    expect(scores[0].precision).toBe(1);
    expect(scores[0].recall).toBeGreaterThan(0.28);
    expect(scores[0].recall).toBeLessThan(0.36);
  });
});
