import { cloudAccuracy, evaluateCloud, surfaceSamples } from '@aquamvs/benchmark/metrics';
import { describe, expect, it } from 'vitest';
import { filterAllDepthMaps } from './consistency-filter.js';
import { autoSubdivisions, backProject, forEachPoint, fuseDepthMaps, type FusionView } from './fuse-depth-maps.js';
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
      const cloud = fuseDepthMaps(
        views.map((v) => ({ ...v, depthMap: filtered.get(v.name) ?? v.depthMap })),
        { voxelSize: 0.001 },
      );
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

describe('sub-pixel back-projection (fusion_subdivisions)', () => {
  const collect = (view: FusionView, subdivisions: number, maxStep = Infinity): { points: Float64Array; pixels: number[] } => {
    const pts: number[] = [];
    const pixels: number[] = [];
    forEachPoint(
      view,
      (x, y, z, pixel) => {
        pts.push(x, y, z);
        pixels.push(pixel);
      },
      subdivisions,
      maxStep,
    );
    return { points: Float64Array.from(pts), pixels };
  };

  it('with 1 visits exactly the finite pixels; with 3 adds the in-between points, on the true surface up to the chord error', () => {
    const scene = ciScene('undulating');
    const [view] = gtViews(scene);
    const finite = view.depthMap.depth.filter(Number.isFinite).length;
    expect(collect(view, 1).points.length / 3).toBe(finite);
    const { points, pixels } = collect(view, 3);
    // Interior pixels get 3×3 samples each; the map's border and its NaN rim get fewer.
    expect(points.length / 3).toBeGreaterThan(8 * finite);
    expect(points.length / 3).toBeLessThan(9 * finite);
    // Bilinear depth between 4–5 mm pixels on a 5 mm / 50 mm undulation: chord error A·(2π/λ)²·h²/8 ≈ 0.2–0.4 mm at most.
    const accuracy = cloudAccuracy(points, scene.surface);
    expect(accuracy.medianMm).toBeLessThan(0.1);
    expect(accuracy.maxMm).toBeLessThan(0.5);
    // Colours come from the nearest finite pixel.
    for (const pixel of pixels) expect(Number.isFinite(view.depthMap.depth[pixel])).toBe(true);
  });

  it('never interpolates across a depth step larger than maxDepthStep, nor next to a NaN', () => {
    const [view] = gtViews(ciScene('flat'));
    const { width, height } = view.depthMap;
    const depth = new Float32Array(width * height);
    for (let i = 0; i < depth.length; i++) depth[i] = i % width < width / 2 ? 1.0 : 1.1;
    depth[10 * width + 10] = Number.NaN;
    const stepped: FusionView = { ...view, depthMap: { ...view.depthMap, depth } };
    const { points } = collect(stepped, 4, 0.005);
    let between = 0;
    const origin = stepped.projection.center;
    for (let i = 0; i < points.length / 3; i++) {
      const d = Math.hypot(points[i * 3] - origin[0], points[i * 3 + 1] - origin[1], points[i * 3 + 2] - origin[2]);
      if (d > 1.0 + 0.001 + 0.3 && d < 1.1 - 0.001 + 0.3) between++;
    }
    expect(between).toBe(0);
    // Without the guard the step is bridged (sanity check of the measure above).
    const bridged = collect(stepped, 4);
    expect(bridged.points.length).toBeGreaterThan(points.length);
    // The NaN pixel loses the sub-pixel samples of its four cells: (4·4 − 1)·4 − … fewer than the full map.
    const full = collect({ ...stepped, depthMap: { ...stepped.depthMap, depth: depth.map((d) => (Number.isNaN(d) ? 1.0 : d)) } }, 4, 0.005);
    expect(full.points.length / 3 - points.length / 3).toBe(7 * 7);
  });

  it('automatic subdivisions follow the pixel footprint: 2 for the ci rig at 1 mm voxels, 1 at 5 mm, capped at 4', () => {
    const [view] = gtViews(ciScene('flat'));
    expect(autoSubdivisions(view, 0.001)).toBe(2);
    expect(autoSubdivisions(view, 0.005)).toBe(1);
    expect(autoSubdivisions(view, 0.0001)).toBe(4);
    const nan: FusionView = { ...view, depthMap: { ...view.depthMap, depth: new Float32Array(view.depthMap.depth.length).fill(Number.NaN) } };
    expect(autoSubdivisions(nan, 0.001)).toBe(1);
  });

  it('fills the gaps of coarse views: recall at 1 mm on ground-truth ci maps rises with the automatic subdivisions', () => {
    const scene = ciScene('undulating');
    const views = gtViews(scene);
    const filtered = filterAllDepthMaps(views, { minConsistentViews: 1 });
    const fused = views.map((v) => ({ ...v, depthMap: filtered.get(v.name) ?? v.depthMap }));
    const samples = surfaceSamples(scene, { spacing: 0.002 });
    const one = evaluateCloud(fuseDepthMaps(fused, { subdivisions: 1 }).positions, scene.surface, samples, [1]).scores[0];
    const auto = evaluateCloud(fuseDepthMaps(fused).positions, scene.surface, samples, [1]).scores[0];
    expect(one.precision).toBeGreaterThan(0.99);
    expect(auto.precision).toBeGreaterThan(0.99);
    expect(auto.recall).toBeGreaterThan(one.recall + 0.2);
  });
});
