import { describe, expect, it } from 'vitest';
import { adaptiveRequirement, filterAllDepthMaps, filterDepthMap, keptBounds, viewReach } from './consistency-filter.js';
import { filterAllDepthMapsParallel } from './consistency-pool.js';
import { reliefFigures } from '@aquamvs/benchmark/metrics';
import { mergeDepthMaps } from './fuse-depth-maps.js';
import { FusionPool } from './fusion-pool.js';
import { ciScene, gtViews, lcg } from './test-support/gt-views.js';

const validShare = (depth: Float32Array): number => depth.filter(Number.isFinite).length / depth.length;

describe('geometric consistency filter', () => {
  const views = gtViews(ciScene('undulating'));

  it('hands the merge the exact bounds of the kept points, so it merges without a bounds pass to the same cloud', () => {
    const filtered = filterAllDepthMaps(views, { minConsistentViews: 2, adaptiveViews: true });
    const fusionViews = views.map((v) => ({ ...v, depthMap: filtered.get(v.name) ?? v.depthMap }));
    const bounds = views.map((v) => {
      const map = filtered.get(v.name);
      return map === undefined ? undefined : keptBounds(map);
    });
    expect(bounds.every((b) => b != null && b.count > 1000)).toBe(true);
    const plain = mergeDepthMaps(fusionViews, { subdivisions: 1 });
    const known = mergeDepthMaps(fusionViews, { subdivisions: 1, knownBounds: bounds });
    expect(known.positions).toEqual(plain.positions);
    expect(known.colors).toEqual(plain.colors);
    // They only size the grid (voxels lie on the world lattice): bounds half a voxel lower give the same cloud.
    const shifted = bounds.map((b) => (b == null ? b : { ...b, min: b.min.map((m) => m - 0.0005) }));
    expect(mergeDepthMaps(fusionViews, { subdivisions: 1, knownBounds: shifted }).positions).toEqual(plain.positions);
    // Views merged with sub-pixel points ignore them (those points reach beyond the pixels').
    expect(mergeDepthMaps(fusionViews, { subdivisions: 2, knownBounds: bounds.map(() => null) }).positions).toEqual(
      mergeDepthMaps(fusionViews, { subdivisions: 2 }).positions,
    );
  });

  it('skips a target only for points its image cannot reach (tilted, rolled bower cameras too)', () => {
    for (const scene of ['undulating', 'bower'] as const) {
      const rig = scene === 'undulating' ? views : gtViews(ciScene(scene));
      const rand = lcg(3);
      const pixel = new Float64Array(2);
      let skipped = 0;
      let seen = 0;
      for (const view of rig) {
        const reach = viewReach(view);
        const { width, height } = view.depthMap;
        for (let i = 0; i < 20_000; i++) {
          const [x, y, z] = [reach.x + (rand() - 0.5) * 2, reach.y + (rand() - 0.5) * 2, reach.waterZ + 0.01 + rand() * 0.6];
          const limit = reach.atSurface + (z - reach.waterZ) * reach.tanInWater;
          const inImage = view.projection.projectPoint(x, y, z, pixel) && pixel[0] > -1 && pixel[0] < width && pixel[1] > -1 && pixel[1] < height;
          if (inImage) seen++;
          if ((x - reach.x) ** 2 + (y - reach.y) ** 2 <= limit * limit) continue;
          skipped++;
          expect(inImage).toBe(false);
        }
      }
      // The bound is not vacuous: on the nominal rig it spares a share of the projections of points the image cannot see.
      if (scene === 'undulating') expect(skipped).toBeGreaterThan(0.1 * (rig.length * 20_000 - seen));
      else expect(skipped).toBeGreaterThan(0);
    }
  });

  it('keeps consistent ground-truth geometry and returns float32/float32/int32 maps', () => {
    const f = filterDepthMap(views[0], views.slice(1), { depthTolerance: 0.005, minConsistentViews: 1 });
    expect(f.depth).toBeInstanceOf(Float32Array);
    expect(f.confidence).toBeInstanceOf(Float32Array);
    expect(f.consistency).toBeInstanceOf(Int32Array);
    expect(validShare(f.depth)).toBeGreaterThan(0.5);
    // Kept depths are the input depths, kept confidences the input confidences.
    for (let i = 0; i < f.depth.length; i += 97) {
      if (Number.isFinite(f.depth[i])) {
        expect(f.depth[i]).toBe(views[0].depthMap.depth[i]);
        expect(f.confidence[i]).toBe(1);
      } else expect(f.confidence[i]).toBe(0);
    }
  });

  it('counts at most the number of targets and stores counts for failing pixels too', () => {
    const f = filterDepthMap(views[0], views.slice(1), { minConsistentViews: 3 });
    const max = f.consistency.reduce((a, b) => Math.max(a, b), 0);
    expect(max).toBe(3);
    let failingWithCount = 0;
    for (let i = 0; i < f.depth.length; i++) if (!Number.isFinite(f.depth[i]) && f.consistency[i] > 0) failingWithCount++;
    expect(failingWithCount).toBeGreaterThan(0);
  });

  it('min_consistent_views = 2 keeps exactly the pixels with count >= 2', () => {
    const f = filterDepthMap(
      views[1],
      views.filter((v) => v !== views[1]),
      { minConsistentViews: 2 },
    );
    for (let i = 0; i < f.depth.length; i++) expect(Number.isFinite(f.depth[i])).toBe(f.consistency[i] >= 2);
  });

  it('adaptive views keep every pixel the fixed count keeps and ask for at least one agreeing target', () => {
    const targets = views.slice(1);
    const fixed = filterDepthMap(views[0], targets, { minConsistentViews: 3 });
    const adaptive = filterDepthMap(views[0], targets, { minConsistentViews: 3, adaptiveViews: true });
    // The loosest adaptive requirement (one agreeing target) bounds it from above; adaptive targets are judged per
    // neighbour at depth edges, so the reference's bilinear minConsistentViews 1 is not that bound.
    const anyOne = filterDepthMap(views[0], targets, { minConsistentViews: 1, adaptiveViews: true });
    // Every pixel the fixed rule keeps is kept; on a 4-camera ring most of the view is seen by 1–2 other cameras only.
    for (let i = 0; i < fixed.depth.length; i++) if (Number.isFinite(fixed.depth[i])) expect(adaptive.depth[i]).toBe(fixed.depth[i]);
    expect(validShare(adaptive.depth)).toBeGreaterThan(2 * validShare(fixed.depth));
    expect(validShare(adaptive.depth)).toBeLessThanOrEqual(validShare(anyOne.depth));
    expect(validShare(adaptive.depth)).toBeGreaterThan(0.95 * validShare(anyOne.depth));
    // A point no other camera confirms is still dropped, even where no other camera sees it.
    const shifted = targets.map((v) => ({ ...v, depthMap: { ...v.depthMap, depth: v.depthMap.depth.map((d) => d + 0.02) } }));
    expect(validShare(filterDepthMap(views[0], shifted, { minConsistentViews: 3, adaptiveViews: true }).depth)).toBeLessThan(0.002);
    // Early exits (no full counts) keep exactly the same pixels.
    const fast = filterDepthMap(views[0], targets, { minConsistentViews: 3, adaptiveViews: true, fullCounts: false });
    for (let i = 0; i < fast.depth.length; i++) expect(Number.isFinite(fast.depth[i])).toBe(Number.isFinite(adaptive.depth[i]));
  });

  it('adaptive views allow one dissenting target where min_consistent_views or fewer see the point', () => {
    // All but one of the targets that see it, capped at min_consistent_views, never fewer than one.
    const asked = [0, 1, 2, 3, 4, 11].map((visible) => adaptiveRequirement(3, visible));
    expect(asked).toEqual([1, 1, 1, 2, 3, 3]);
    expect([2, 3].map((visible) => adaptiveRequirement(2, visible))).toEqual([1, 2]);
    const targets = views.slice(1);
    const exact = filterDepthMap(views[0], targets, { minConsistentViews: 3, adaptiveViews: true });
    // One target 2 cm off (it sees the bed behind every point: a conflict): the other two still keep what all three see.
    const off = (v: (typeof views)[number]): (typeof views)[number] => ({
      ...v,
      depthMap: { ...v.depthMap, depth: v.depthMap.depth.map((d) => d + 0.02) },
    });
    const oneOff = filterDepthMap(views[0], [off(targets[0]), targets[1], targets[2]], { minConsistentViews: 3, adaptiveViews: true });
    const twoOff = filterDepthMap(views[0], [off(targets[0]), off(targets[1]), targets[2]], { minConsistentViews: 3, adaptiveViews: true });
    let allThree = 0;
    for (let i = 0; i < exact.depth.length; i++) {
      if (exact.consistency[i] !== 3) continue;
      allThree++;
      expect(oneOff.depth[i]).toBe(exact.depth[i]);
      expect(twoOff.depth[i]).toBeNaN();
    }
    expect(allThree).toBeGreaterThan(1000);
  });

  it('keeps the walls and tops of a rock: targets the rock hides from, or that see its wall edge-on, do not vote against', () => {
    // Ground-truth maps of the rock scene (walls of slope 7.5, a ledge and a top 2 and 4 cm up): every point is right,
    // so whatever the filter drops is lost to occlusion handling. The occlusion-blind count kept 67 % of the relief
    // pixels and left a 41 mm hole in the fused relief; a target that sees a surface in front of the point abstains.
    const scene = ciScene('rock');
    const rock = gtViews(scene);
    const filtered = rock.map((v) => ({
      ...v,
      depthMap: filterDepthMap(
        v,
        rock.filter((t) => t !== v),
        { minConsistentViews: 3, adaptiveViews: true },
      ),
    }));
    const cloud = mergeDepthMaps(filtered, { voxelSize: 0.001, maxDepthStep: 0.005 });
    const relief = reliefFigures(scene, cloud.positions, new Map(filtered.map((v) => [v.name, v.depthMap])));
    expect(relief?.depth?.validShare).toBeGreaterThan(0.99);
    expect(relief?.completeness2mm).toBeGreaterThan(0.98);
    expect(relief?.maxHoleMm).toBeLessThan(10);
    // A floating point in front of the surface is still rejected: every target sees the surface behind it.
    const lifted = { ...rock[0], depthMap: { ...rock[0].depthMap, depth: rock[0].depthMap.depth.map((d) => d - 0.02) } };
    expect(validShare(filterDepthMap(lifted, rock.slice(1), { minConsistentViews: 3, adaptiveViews: true }).depth)).toBeLessThan(0.01);
  });

  it('gives (almost) zero counts when the targets disagree by more than the tolerance', () => {
    const shifted = views.slice(1).map((v) => ({ ...v, depthMap: { ...v.depthMap, depth: v.depthMap.depth.map((d) => d + 0.02) } }));
    const f = filterDepthMap(views[0], shifted, { depthTolerance: 0.005, minConsistentViews: 1 });
    // Only samples within a pixel of a target's border can pass: the reference's zero padding scales the looked-up
    // depth by the in-image weight, which meets the expected depth for a sliver of sub-pixel positions.
    expect(f.consistency.reduce((a, b) => a + b, 0)).toBeLessThan(f.depth.length * 0.002);
    expect(validShare(f.depth)).toBeLessThan(0.002);
  });

  it('ignores reference pixels below min_confidence', () => {
    const ref = views[0];
    const confidence = ref.depthMap.confidence.map((_, i) => (i % 2 === 0 ? 0.3 : 0.9));
    const low = { ...ref, depthMap: { ...ref.depthMap, confidence } };
    const f = filterDepthMap(low, views.slice(1), { minConfidence: 0.5, minConsistentViews: 1 });
    for (let i = 0; i < f.depth.length; i += 2) {
      expect(f.depth[i]).toBeNaN();
      expect(f.consistency[i]).toBe(0);
    }
    expect(validShare(f.depth)).toBeGreaterThan(0.25);
  });

  it('keeps NaN references invalid and is safe on all-NaN input', () => {
    const nan = views.map((v) => ({ ...v, depthMap: { ...v.depthMap, depth: new Float32Array(v.depthMap.depth.length).fill(Number.NaN) } }));
    const all = filterAllDepthMaps(nan, { minConsistentViews: 1 });
    expect([...all.keys()]).toEqual(views.map((v) => v.name));
    for (const f of all.values()) {
      expect(validShare(f.depth)).toBe(0);
      expect(f.consistency.every((c) => c === 0)).toBe(true);
    }
  });

  it('rejects injected outliers while keeping almost all correct pixels', () => {
    const noisy = gtViews(ciScene('flat'), { outliers: 0.05, seed: 3 });
    const clean = gtViews(ciScene('flat'));
    const all = filterAllDepthMaps(noisy, { depthTolerance: 0.005, minConsistentViews: 2 });
    let keptBad = 0;
    let bad = 0;
    for (const [v, view] of noisy.entries()) {
      const f = all.get(view.name);
      const truth = clean[v].depthMap.depth;
      for (let i = 0; i < truth.length; i++) {
        const wrong = Math.abs(view.depthMap.depth[i] - truth[i]) > 0.005;
        if (wrong) bad++;
        if (wrong && Number.isFinite(f?.depth[i])) keptBad++;
      }
    }
    expect(bad).toBeGreaterThan(1000);
    expect(keptBad / bad).toBeLessThan(0.01);
  });
});

describe('parallel consistency filter', () => {
  it('gives results identical to the sequential filter on 2 worker threads', async () => {
    const views = gtViews(ciScene('undulating'), { noise: 0.002, outliers: 0.02, seed: 8 });
    const options = { depthTolerance: 0.005, minConsistentViews: 2 };
    const sequential = filterAllDepthMaps(views, options);
    const parallel = await filterAllDepthMapsParallel(views, options, 2);
    for (const view of views) {
      const a = sequential.get(view.name);
      const b = parallel.get(view.name);
      expect(Array.from(b?.consistency ?? [])).toEqual(Array.from(a?.consistency ?? []));
      expect(Array.from(b?.depth ?? [])).toEqual(Array.from(a?.depth ?? []));
    }
  });

  it('reuses one pool for frame after frame, each frame giving the sequential result', async () => {
    const pool = new FusionPool(2);
    try {
      for (const seed of [3, 4, 5]) {
        const views = gtViews(ciScene('undulating'), { noise: 0.002, outliers: 0.02, seed });
        const options = { depthTolerance: 0.005, minConsistentViews: 2 };
        const sequential = filterAllDepthMaps(views, options);
        const parallel = await filterAllDepthMapsParallel(views, options, pool);
        for (const view of views)
          expect(Array.from(parallel.get(view.name)?.depth ?? [])).toEqual(Array.from(sequential.get(view.name)?.depth ?? []));
      }
    } finally {
      await pool.close();
    }
  });
});

describe('early-exit consistency filter', () => {
  it('keeps exactly the same pixels as the full count', () => {
    const views = gtViews(ciScene('undulating'), { noise: 0.002, outliers: 0.05, seed: 11 });
    for (const minConsistentViews of [1, 2, 3]) {
      const full = filterAllDepthMaps(views, { minConsistentViews });
      const fast = filterAllDepthMaps(views, { minConsistentViews, fullCounts: false });
      for (const v of views) expect(Array.from(fast.get(v.name)?.depth ?? [])).toEqual(Array.from(full.get(v.name)?.depth ?? []));
      // Its partial counts are not kept; the full count's are.
      for (const v of views)
        expect([fast.get(v.name)?.consistency.length, full.get(v.name)?.consistency.length]).toEqual([0, v.depthMap.depth.length]);
    }
  });
});
