import { describe, expect, it } from 'vitest';
import { aggregatePairwiseDepths } from './aggregate-pairwise-depths.js';

const maps = (...values: number[]): Float32Array[] => values.map((d) => Float32Array.of(d));

describe('aggregatePairwiseDepths (spec §3.9 step 2, test_roma_depth)', () => {
  it('aggregates [1.0, 1.002, 0.998, 2.0, 0.5] with tolerance 0.005 and 3 views to depth 1.0, confidence 0.6, consistency 3', () => {
    const out = aggregatePairwiseDepths(maps(1.0, 1.002, 0.998, 2.0, 0.5), { tolerance: 0.005, minConsistentViews: 3 });
    expect(out.depth[0]).toBeCloseTo(1.0, 5);
    expect(Math.abs(out.depth[0] - 1)).toBeLessThan(0.005);
    expect(out.confidence[0]).toBeCloseTo(0.6, 6);
    expect(out.consistency[0]).toBe(3);
    expect(out.consistency).toBeInstanceOf(Int32Array);
  });

  it('gives NaN, confidence 0 and consistency 0 when fewer than min_consistent_views agree', () => {
    const out = aggregatePairwiseDepths(maps(1.0, 1.5, 2.0, 2.5), { tolerance: 0.005, minConsistentViews: 2 });
    expect(out.depth[0]).toBeNaN();
    expect(out.confidence[0]).toBe(0);
    expect(out.consistency[0]).toBe(0);
  });

  it('excludes NaN inputs from the available count', () => {
    const out = aggregatePairwiseDepths(maps(1.0, Number.NaN, 1.001, Number.NaN, 3.0), { tolerance: 0.01, minConsistentViews: 2 });
    expect(out.confidence[0]).toBeCloseTo(2 / 3, 6);
    expect(out.consistency[0]).toBe(2);
    expect(out.depth[0]).toBeCloseTo(1.0, 6);
  });

  it('uses the lower median for even counts (torch nanmedian), for the centre and for the inliers', () => {
    const out = aggregatePairwiseDepths(maps(1.0, 1.004, 1.008, 5.0), { tolerance: 0.005, minConsistentViews: 2 });
    // sorted 1.0, 1.004, 1.008, 5.0 → m0 = 1.004; inliers 1.0, 1.004, 1.008 → 1.004
    expect(out.depth[0]).toBeCloseTo(1.004, 6);
    const two = aggregatePairwiseDepths(maps(1.0, 1.002), { tolerance: 0.005, minConsistentViews: 2 });
    expect(two.depth[0]).toBeCloseTo(1.0, 6);
  });

  it('is per pixel and safe on all-NaN pixels and on an empty list', () => {
    const a = Float32Array.of(1, Number.NaN);
    const b = Float32Array.of(1.001, Number.NaN);
    const out = aggregatePairwiseDepths([a, b], { tolerance: 0.01, minConsistentViews: 2 });
    expect(out.depth[0]).toBeCloseTo(1.0, 6);
    expect(out.depth[1]).toBeNaN();
    expect(out.confidence[1]).toBe(0);
    expect(aggregatePairwiseDepths([]).depth.length).toBe(0);
  });
});
