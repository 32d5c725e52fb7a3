import { createRefractiveProjection } from '@aquamvs/geometry';
import { describe, expect, it } from 'vitest';
import { cloudToCloudDistance } from './cloud-distance.js';
import { heightMapDifference } from './height-map-difference.js';
import { icpAlign } from './icp-align.js';
import { reprojectionError } from './reprojection-error.js';
import { moundHeight, moundVolume, sampledSurface } from './test-support/sampled-surface.js';
import { volumeChange } from './volume-change.js';

const bed = (z: number) => () => z;
const wavy = (x: number, y: number): number => 1 + 0.01 * Math.sin(40 * x) * Math.cos(30 * y);

describe('cloudToCloudDistance', () => {
  it('measures two parallel planes 2 mm apart, and a cloud that reaches 5 cm further', () => {
    const a = sampledSurface(bed(1), [0, 0.2, 0, 0.2], 0.002);
    const b = sampledSurface(bed(1.002), [0, 0.25, 0, 0.2], 0.002, 7);
    const d = cloudToCloudDistance(a, b);
    expect(d.medianAToB).toBeGreaterThan(0.002);
    expect(d.medianAToB).toBeLessThan(0.00215);
    expect(d.hausdorffAToB).toBeLessThan(0.0025);
    // B's extra strip is up to 5 cm from A.
    expect(d.hausdorffBToA).toBeGreaterThan(0.049);
    expect(d.hausdorffBToA).toBeLessThan(0.052);
    expect(d.hausdorff).toBe(d.hausdorffBToA);
    expect(d.mean).toBeCloseTo(0.5 * (d.meanAToB + d.meanBToA), 12);
  });

  it('rejects an empty cloud with AQM_ERR_EVALUATION_INPUT', () => {
    expect(() => cloudToCloudDistance(new Float64Array(0), new Float64Array(3))).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_EVALUATION_INPUT' }),
    );
  });
});

describe('heightMapDifference', () => {
  it('gives zA − zB on the shared grid and NaN metrics when the clouds do not overlap', () => {
    const a = sampledSurface(bed(1), [0, 0.1, 0, 0.1], 0.002);
    const b = sampledSurface(bed(1.003), [0, 0.1, 0, 0.1], 0.002, 3);
    const d = heightMapDifference(a, b, { gridResolution: 0.005 });
    expect(d.grid.nx).toBeGreaterThanOrEqual(20);
    expect(d.meanDiff).toBeCloseTo(-0.003, 9);
    expect(d.rmse).toBeCloseTo(0.003, 9);
    expect(d.stdDiff).toBeLessThan(1e-9);
    const far = sampledSurface(bed(1), [1, 1.1, 0, 0.1], 0.002);
    const none = heightMapDifference(a, far, { gridResolution: 0.005 });
    expect(none.overlapCells).toBe(0);
    expect(Number.isNaN(none.meanDiff) && Number.isNaN(none.rmse) && Number.isNaN(none.maxAbsDiff)).toBe(true);
  });

  it('leaves a hole in a cloud empty when maxTriangleEdge is set, and bridges it by default (reference)', () => {
    const holed = sampledSurface(bed(1), [0, 0.2, 0, 0.2], 0.002);
    const kept: number[] = [];
    for (let i = 0; i < holed.length; i += 3)
      if (Math.hypot(holed[i] - 0.1, holed[i + 1] - 0.1) > 0.03) kept.push(holed[i], holed[i + 1], holed[i + 2]);
    const cloud = Float64Array.from(kept);
    const full = heightMapDifference(cloud, cloud, { gridResolution: 0.005 });
    const strict = heightMapDifference(cloud, cloud, { gridResolution: 0.005, maxTriangleEdge: 0.01 });
    const holeCells = full.overlapCells - strict.overlapCells;
    // The hole is π·0.03² = 2.8e-3 m², 113 cells of 5 mm.
    expect(holeCells).toBeGreaterThan(90);
    expect(holeCells).toBeLessThan(135);
  });
});

describe('volumeChange', () => {
  it('measures a cosine mound grown on a flat bed within 1 % of its analytic volume', () => {
    const before = sampledSurface(bed(1), [0, 0.4, 0, 0.4], 0.002);
    const after = sampledSurface(moundHeight(1, 0.2, 0.2, 0.1, 0.03), [0, 0.4, 0, 0.4], 0.002, 9);
    const v = volumeChange(heightMapDifference(after, before, { gridResolution: 0.004 }), { minChange: 0.0005 });
    const truth = moundVolume(0.1, 0.03);
    expect(Math.abs(v.netM3 - truth) / truth).toBeLessThan(0.01);
    expect(Math.abs(v.gainedM3 - truth) / truth).toBeLessThan(0.01);
    expect(v.lostM3).toBe(0);
    // Changed where the bell rises over 0.5 mm / 4: r < 0.1·(1 − acos(1 − 2·0.125/30)/π) ≈ 0.0959 m.
    expect(v.changedAreaM2).toBeGreaterThan(Math.PI * 0.093 ** 2);
    expect(v.changedAreaM2).toBeLessThan(Math.PI * 0.099 ** 2);
    expect(v.meanHeightChangeM).toBeCloseTo(v.netM3 / v.overlapAreaM2, 12);
  });

  it('keeps noise out of gained and lost volume: a flat bed with ±0.3 mm noise changes by < 1 % of a 10 mm mound', () => {
    let seed = 3;
    const noise = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed / 2147483648 - 0.5) * 0.0006;
    };
    const before = sampledSurface(bed(1), [0, 0.4, 0, 0.4], 0.002);
    const after = sampledSurface((x, y) => 1 + noise() + 0 * (x + y), [0, 0.4, 0, 0.4], 0.002, 9);
    const v = volumeChange(heightMapDifference(after, before, { gridResolution: 0.004 }));
    expect(v.gainedM3 + v.lostM3).toBeLessThan(0.01 * moundVolume(0.1, 0.01));
  });

  it('counts a pit as lost volume', () => {
    const before = sampledSurface(bed(1), [0, 0.4, 0, 0.4], 0.002);
    const after = sampledSurface(moundHeight(1, 0.2, 0.2, 0.1, -0.02), [0, 0.4, 0, 0.4], 0.002, 5);
    const v = volumeChange(heightMapDifference(after, before, { gridResolution: 0.004 }));
    expect(v.gainedM3).toBe(0);
    expect(Math.abs(v.lostM3 - moundVolume(0.1, 0.02)) / moundVolume(0.1, 0.02)).toBeLessThan(0.02);
    expect(v.netM3).toBeLessThan(0);
  });
});

describe('icpAlign', () => {
  it('recovers a 1° rotation and a 3 mm shift of a wavy surface (point-to-plane)', () => {
    const target = sampledSurface(wavy, [0, 0.3, 0, 0.3], 0.003);
    const a = (1 * Math.PI) / 180;
    // Source = target moved by the inverse of (rotation about z by a, shift t): ICP must find that motion.
    const t = [0.003, -0.002, 0.001];
    const source = new Float64Array(target.length);
    for (let i = 0; i < target.length; i += 3) {
      const x = target[i] - t[0] - 0.15,
        y = target[i + 1] - t[1] - 0.15;
      source[i] = Math.cos(-a) * x - Math.sin(-a) * y + 0.15;
      source[i + 1] = Math.sin(-a) * x + Math.cos(-a) * y + 0.15;
      source[i + 2] = target[i + 2] - t[2];
    }
    const before = cloudToCloudDistance(source, target).medianAToB;
    const r = icpAlign(source, target, { maxDistance: 0.01 });
    const after = cloudToCloudDistance(r.aligned, target).medianAToB;
    expect(before).toBeGreaterThan(0.001);
    expect(after).toBeLessThan(1e-5);
    expect(r.fitness).toBeGreaterThan(0.98);
    expect(r.inlierRmse).toBeLessThan(1e-4);
    expect(Math.atan2(r.transformation[4], r.transformation[0])).toBeCloseTo(a, 4);
  });

  it('rejects a non-positive icp_max_distance', () => {
    const c = sampledSurface(bed(1), [0, 0.01, 0, 0.01], 0.002);
    expect(() => icpAlign(c, c, { maxDistance: 0 })).toThrow(/icp_max_distance/);
  });
});

describe('reprojectionError', () => {
  it('reports the pixel offsets of observations per camera', () => {
    const K = [800, 0, 320, 0, 800, 240, 0, 0, 1];
    const projection = createRefractiveProjection({
      K,
      R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      t: [0, 0, 0],
      waterZ: 0.5,
      normal: [0, 0, -1],
      nAir: 1,
      nWater: 1.333,
    });
    const points = Float64Array.from([0, 0, 1, 0.05, 0.02, 1.1, -0.04, 0.03, 0.9]);
    const exact = projection.project(points).pixels;
    const shifted = exact.map((v, i) => (i === 0 ? v + 3 : i === 3 ? v + 4 : v));
    shifted[4] = Number.NaN;
    shifted[5] = Number.NaN;
    const e = reprojectionError(points, { a: exact, b: shifted }, { a: projection, b: projection });
    expect(e.perCamera.a).toBeLessThan(1e-6);
    expect(e.perCamera.b).toBeCloseTo(3.5, 6);
    expect(e.errors.length).toBe(5);
    expect(e.maxError).toBeCloseTo(4, 6);
    expect(e.medianError).toBeLessThan(1e-6);
  });
});
