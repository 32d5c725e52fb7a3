import { describe, expect, it } from 'vitest';
import { createRefractiveProjection, type RefractiveProjection } from './refractive-projection.js';
import { computeDepthRanges, filterSparseCloud, triangulateAllPairs } from './sparse-cloud.js';
import { translationFor } from './test-support/rigs.js';
import { triangulatePair, triangulateRayPairs, triangulateRays } from './triangulation.js';

const I = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const K = [800, 0, 600, 0, 800, 600, 0, 0, 1];
const WATER = 0.978;
const cam = (C: number[]): RefractiveProjection => createRefractiveProjection({ K, R: I, t: translationFor(I, C), waterZ: WATER });
const KNOWN = [0.3, 0.2, 1.5, 0, 0, 1.4, -0.2, 0.1, 1.3];

function norm(v: number[]): number[] {
  const l = Math.hypot(v[0], v[1], v[2]);
  return v.map((x) => x / l);
}

describe('triangulateRays (N rays)', () => {
  const target = [0.4, -0.3, 1.7];
  it.each([[2], [3], [4]])('intersects %i rays through a known point within 1e-5', (n) => {
    const origins: number[] = [];
    const dirs: number[] = [];
    for (let i = 0; i < n; i++) {
      const o = [Math.cos(i * 2.1), Math.sin(i * 2.1), 0.1 * i];
      origins.push(...o);
      dirs.push(...norm(target.map((t, c) => t - o[c])));
    }
    const p = triangulateRays(Float64Array.from(origins), Float64Array.from(dirs));
    target.forEach((t, c) => expect(Math.abs(p[c] - t)).toBeLessThan(1e-5));
  });

  it('raises on parallel rays and on a single ray', () => {
    expect(() => triangulateRays(new Float64Array([0, 0, 0, 1, 0, 0]), new Float64Array([0, 0, 1, 0, 0, 1]))).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_GEOMETRY_DEGENERATE' }),
    );
    expect(() => triangulateRays(new Float64Array([0, 0, 0]), new Float64Array([0, 0, 1]))).toThrow(/at least 2 rays/);
  });
});

describe('triangulateRayPairs (batched two-ray)', () => {
  it('equals the N-ray solution per pair and flags degenerate pairs', () => {
    const oa = new Float64Array([0, 0, 0, 0, 0, 0, 1, 1, 0]);
    const da = Float64Array.from([...norm([1, 0, 1]), 0, 0, 1, ...norm([0.2, -0.1, 1])]);
    const ob = new Float64Array([2, 0, 0, 1, 0, 0, -1, 0.5, 0.2]);
    const db = Float64Array.from([...norm([-1, 0, 1]), 0, 0, 1, ...norm([0.5, 0.3, 1])]);
    const { points, valid } = triangulateRayPairs(oa, da, ob, db);
    expect(Array.from(valid)).toEqual([1, 0, 1]);
    expect(Array.from(points.subarray(3, 6))).toEqual([0, 0, 0]);
    for (const i of [0, 2]) {
      const single = triangulateRays(
        Float64Array.from([...oa.subarray(i * 3, i * 3 + 3), ...ob.subarray(i * 3, i * 3 + 3)]),
        Float64Array.from([...da.subarray(i * 3, i * 3 + 3), ...db.subarray(i * 3, i * 3 + 3)]),
      );
      single.forEach((v, c) => expect(Math.abs(points[i * 3 + c] - v)).toBeLessThan(1e-12));
    }
    [1, 0, 1].forEach((v, c) => expect(Math.abs(points[c] - v)).toBeLessThan(1e-12));
  });
});

describe('triangulatePair with quality filters', () => {
  const a = cam([0, 0, 0]);
  const b = cam([0.635, 0, 0]);
  const known = Float64Array.from(KNOWN);

  it('recovers known points from synthetic matches within 1e-5 m, all valid', () => {
    const { points, valid } = triangulatePair(a, b, a.project(known).pixels, b.project(known).pixels);
    expect(Array.from(valid)).toEqual([1, 1, 1]);
    KNOWN.forEach((v, i) => expect(Math.abs(points[i] - v)).toBeLessThan(1e-5));
  });

  it('rejects nearly parallel rays at 2°, accepts them with minAngle 0, and rejects a ~5° pair at 10°', () => {
    const near = cam([0.01, 0, 0]);
    const far = Float64Array.from([0.005, 0.0, WATER + 1.5]);
    const pa = a.project(far).pixels;
    const pb = near.project(far).pixels;
    expect(triangulatePair(a, near, pa, pb).valid[0]).toBe(0);
    expect(triangulatePair(a, near, pa, pb, { minAngle: 0 }).valid[0]).toBe(1);
    const mid = cam([0.2, 0, 0]);
    const pm = mid.project(far).pixels;
    const da = a.castRay(pa).directions;
    const dm = mid.castRay(pm).directions;
    const angle = (Math.acos(da[0] * dm[0] + da[1] * dm[1] + da[2] * dm[2]) * 180) / Math.PI;
    expect(angle).toBeGreaterThan(2);
    expect(angle).toBeLessThan(10);
    expect(triangulatePair(a, mid, pa, pm, { minAngle: 2 }).valid[0]).toBe(1);
    expect(triangulatePair(a, mid, pa, pm, { minAngle: 10 }).valid[0]).toBe(0);
  });

  it('reprojection filter: 1.0 and 0.5 px reject perturbed matches, 100 px accepts them', () => {
    const pa = a.project(known).pixels;
    const pb = b.project(known).pixels.map((v, i) => (i % 2 === 1 ? v + 4 : v));
    expect(Array.from(triangulatePair(a, b, pa, pb, { maxReprojError: 1.0 }).valid)).toEqual([0, 0, 0]);
    expect(Array.from(triangulatePair(a, b, pa, pb, { maxReprojError: 0.5 }).valid)).toEqual([0, 0, 0]);
    expect(Array.from(triangulatePair(a, b, pa, pb, { maxReprojError: 100 }).valid)).toEqual([1, 1, 1]);
  });

  it("gives each match's reprojection error: ~0 for exact matches, about half a 4 px offset across the epipolar lines", () => {
    const exact = triangulatePair(a, b, a.project(known).pixels, b.project(known).pixels).reprojectionErrors;
    for (const e of exact) expect(e).toBeLessThan(1e-6);
    const pb = b.project(known).pixels.map((v, i) => (i % 2 === 1 ? v + 4 : v));
    for (const e of triangulatePair(a, b, a.project(known).pixels, pb, { maxReprojError: 100 }).reprojectionErrors) {
      expect(e).toBeGreaterThan(1.8);
      expect(e).toBeLessThan(2.6);
    }
  });

  it('triangulateAllPairs concatenates valid points with their scores; empty input gives an empty cloud', () => {
    const c = cam([0.3, 0.5, 0]);
    const matches = [
      { ref: 'a', src: 'b', refPixels: a.project(known).pixels, srcPixels: b.project(known).pixels, scores: new Float32Array([0.9, 0.8, 0.7]) },
      {
        ref: 'a',
        src: 'c',
        refPixels: a.project(known.subarray(0, 3)).pixels,
        srcPixels: c.project(known.subarray(0, 3)).pixels,
        scores: new Float32Array([0.5]),
      },
    ];
    const cloud = triangulateAllPairs({ a, b, c }, matches);
    expect(cloud.points).toHaveLength(12);
    expect(Array.from(cloud.scores)).toEqual([0.9, 0.8, 0.7, 0.5].map(Math.fround));
    [...KNOWN, 0.3, 0.2, 1.5].forEach((v, i) => expect(Math.abs(cloud.points[i] - v)).toBeLessThan(1e-5));
    expect(triangulateAllPairs({ a, b }, []).points).toHaveLength(0);
  });
});

describe('filterSparseCloud', () => {
  it('removes above-water and too-deep points (water_z 1.0, max depth 2.0) and keeps scores aligned', () => {
    const points = new Float64Array([0, 0, 0.5, 0, 0, 1.5, 1, 1, 3.5, 2, 2, 2.9, 0, 0, 1.0]);
    const scores = new Float32Array([1, 2, 3, 4, 5]);
    const out = filterSparseCloud({ points, scores }, 1.0, 2.0);
    expect(Array.from(out.scores)).toEqual([2, 4]);
    expect(Array.from(out.points)).toEqual([0, 0, 1.5, 2, 2, 2.9]);
  });
});

describe('computeDepthRanges', () => {
  const a = cam([0, 0, 0]);
  const b = cam([0.635, 0, 0]);
  let seed = 11;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const cloud: number[] = [];
  for (let i = 0; i < 99; i++) cloud.push(rand() * 0.6 - 0.3, rand() * 0.6 - 0.3, WATER + 0.4 + rand() * 0.5);

  function rayDepths(p: RefractiveProjection, pts: Float64Array): number[] {
    const { pixels } = p.project(pts);
    const { origins: o, directions: d } = p.castRay(pixels);
    const out: number[] = [];
    for (let i = 0; i < pts.length / 3; i++) out.push([0, 1, 2].reduce((s, c) => s + (pts[i * 3 + c] - o[i * 3 + c]) * d[i * 3 + c], 0));
    return out;
  }

  it('contains ≥ 90 % of the points and the median, with d_min ≥ 0', () => {
    const pts = Float64Array.from(cloud);
    const ranges = computeDepthRanges({ a, b }, pts, { depthMargin: 0.05 });
    for (const [name, p] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const depths = rayDepths(p, pts).sort((x, y) => x - y);
      const r = ranges[name];
      expect(r.min).toBeGreaterThanOrEqual(0);
      expect(depths.filter((d) => d >= r.min && d <= r.max).length / depths.length).toBeGreaterThanOrEqual(0.9);
      const median = depths[Math.floor(depths.length / 2)];
      expect(median > r.min && median < r.max).toBe(true);
      const q = (f: number): number => {
        const pos = (depths.length - 1) * f;
        const lo = Math.floor(pos);
        return depths[lo] + (pos - lo) * (depths[lo + 1] - depths[lo]);
      };
      expect(r.min).toBeCloseTo(Math.max(0, q(0.02) - 0.05), 10);
      expect(r.max).toBeCloseTo(q(0.98) + 0.05, 10);
    }
  });

  it('falls back to (0.3, 0.9) for an empty cloud and for a camera that sees nothing', () => {
    expect(computeDepthRanges({ a }, new Float64Array(0))).toEqual({ a: { min: 0.3, max: 0.9, fromFallback: true } });
    const blind = createRefractiveProjection({ K, R: [1, 0, 0, 0, -1, 0, 0, 0, -1], t: [0, 0, 0], waterZ: WATER });
    expect(computeDepthRanges({ blind }, Float64Array.from(cloud)).blind).toEqual({ min: 0.3, max: 0.9, fromFallback: true });
  });

  it('with image sizes, covers where the whole image meets a 15° bed although the cloud covers only its centre', () => {
    const slope = Math.tan((15 * Math.PI) / 180);
    const bedZ = (x: number): number => WATER + 0.25 + slope * x;
    // The sparse cloud: a 10 cm patch of the tilted bed under camera a (the cameras' overlap).
    const patch: number[] = [];
    for (let i = 0; i < 200; i++) {
      const x = rand() * 0.1 - 0.05;
      const y = rand() * 0.1 - 0.05;
      patch.push(x, y, bedZ(x));
    }
    const pts = Float64Array.from(patch);
    const plain = computeDepthRanges({ a }, pts, { depthMargin: 0.02 }).a;
    const wide = computeDepthRanges({ a }, pts, { depthMargin: 0.02, imageSizes: { a: [1201, 1201] } }).a;
    // True ray depths of the image corners on the bed.
    const corners = Float64Array.from([0, 0, 1200, 0, 0, 1200, 1200, 1200]);
    const { origins: o, directions: d } = a.castRay(corners);
    const truth: number[] = [];
    for (let k = 0; k < 4; k++) {
      const j = k * 3;
      truth.push((WATER + 0.25 + slope * o[j] - o[j + 2]) / (d[j + 2] - slope * d[j]));
    }
    const far = Math.max(...truth);
    const near = Math.min(...truth);
    expect(plain.max).toBeLessThan(far); // the cloud alone misses the far rim
    expect(wide.max).toBeGreaterThanOrEqual(far + 0.02 - 1e-9);
    expect(wide.min).toBeLessThanOrEqual(Math.max(0, near - 0.02) + 1e-9);
    expect(wide.max - wide.min).toBeLessThan(far - near + 0.05); // and not much more
  });

  it('excludes a single Z = 25 outlier among 99 points (d_max < outlier − 1)', () => {
    const pts = Float64Array.from([...cloud.slice(0, 98 * 3), 0.1, 0.1, 25]);
    const outlierDepth = rayDepths(a, pts)[98];
    expect(computeDepthRanges({ a }, pts).a.max).toBeLessThan(outlierDepth - 1);
  });
});
