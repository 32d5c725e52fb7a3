import { describe, expect, it } from 'vitest';
import { filterAllDepthMaps, keptBounds } from './consistency-filter.js';
import { mergeDepthMaps, type FusionView } from './fuse-depth-maps.js';
import { mergeDepthMapsParallel } from './merge-pool.js';
import { ciScene, gtViews } from './test-support/gt-views.js';

/** Ground-truth views with depth noise (several points a voxel, so the order of each voxel's sums matters). */
function noisyViews(): FusionView[] {
  return gtViews(ciScene('nest')).map((v, k) => {
    const depth = Float32Array.from(v.depthMap.depth, (d, i) => d + ((((i + 977 * k) * 7919) % 1000) - 500) * 2e-6);
    return { ...v, depthMap: { ...v.depthMap, depth } };
  });
}

describe('mergeDepthMapsParallel', () => {
  const views = noisyViews();
  const filtered = filterAllDepthMaps(views, { minConsistentViews: 1 });
  const filteredViews = views.map((v) => ({ ...v, depthMap: filtered.get(v.name) ?? v.depthMap }));
  const rowBounds = views.map((v) => filtered.get(v.name)?.rowBounds);
  const options = {
    voxelSize: 0.001,
    subdivisions: 1,
    knownBounds: views.map((v) => keptBounds(filtered.get(v.name) ?? filtered.values().next().value!)),
  };

  for (const workers of [2, 3]) {
    it(`gives the one-thread merge bit for bit on ${workers} threads, skipping pixel rows by the filter's row bounds`, async () => {
      const one = mergeDepthMaps(filteredViews, options);
      const many = await mergeDepthMapsParallel(filteredViews, options, workers, rowBounds);
      expect(one.positions.length / 3).toBeGreaterThan(20_000);
      expect(many.positions).toEqual(one.positions);
      expect(many.colors).toEqual(one.colors);
      expect(many.positions.buffer).toBeInstanceOf(SharedArrayBuffer);
    });
  }

  it('gives the one-thread merge with sub-pixel points and without row bounds', async () => {
    const sub = { voxelSize: 0.001, subdivisions: 2 };
    const one = mergeDepthMaps(views, sub);
    const many = await mergeDepthMapsParallel(views, sub, 2);
    expect(many.positions).toEqual(one.positions);
    expect(many.colors).toEqual(one.colors);
  });
});
