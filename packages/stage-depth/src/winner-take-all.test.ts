import { describe, expect, it } from 'vitest';
import { depthHypotheses } from './depth-hypotheses.js';
import { finishDepth } from './winner-take-all.js';
import { extractDepth, WinnerTakeAll } from './test-support/winner-take-all-oracle.js';

/** H×W×D volume (depth fastest) with one quadratic profile per pixel. */
function volume(profiles: ((k: number) => number)[], D: number): Float32Array {
  const v = new Float32Array(profiles.length * D);
  profiles.forEach((f, i) => {
    for (let k = 0; k < D; k++) v[i * D + k] = f(k);
  });
  return v;
}

describe('depth hypotheses', () => {
  it('are inclusive and uniform', () => {
    const d = depthHypotheses(0.5, 1.5, 16);
    expect(d[0]).toBe(0.5);
    expect(d[15]).toBeCloseTo(1.5, 15);
    for (let k = 1; k < 16; k++) expect(d[k] - d[k - 1]).toBeCloseTo(1 / 15, 12);
  });
  it('handle d_min = d_max and D = 2', () => {
    expect(Array.from(depthHypotheses(0.7, 0.7, 3))).toEqual([0.7, 0.7, 0.7]);
    expect(Array.from(depthHypotheses(0.2, 0.9, 2))).toEqual([0.2, 0.9]);
  });
});

describe('extractDepth', () => {
  const depths = depthHypotheses(0.5, 1.5, 16);
  const step = 1 / 15;

  it('recovers sub-step minima (+0.3, −0.2, 0 steps) within 1e-4 m with confidence > 0.5', () => {
    const shifts = [0.3, -0.2, 0];
    const D = 16;
    const vol = volume(
      shifts.map((s) => (k: number) => 0.1 + 0.02 * (k - (7 + s)) ** 2),
      D,
    );
    const { depth, confidence } = extractDepth(vol, 3, 1, depths);
    shifts.forEach((s, i) => {
      expect(Math.abs(depth[i] - (depths[7] + s * step))).toBeLessThan(1e-4);
      expect(confidence[i]).toBeGreaterThan(0.5);
    });
  });

  it('picks the minimum within one step for arbitrary profiles', () => {
    const vol = volume([(k) => Math.abs(k - 4.4) * 0.1 + 0.2], 16);
    const { depth } = extractDepth(vol, 1, 1, depths);
    expect(Math.abs(depth[0] - (0.5 + 4.4 * step))).toBeLessThan(step);
  });

  it('clamps the parabola offset to ±0.5 step', () => {
    // Non-convex neighbourhood: c− ≫ c+ gives a huge raw offset.
    const vol = volume([(k) => (k === 5 ? 0.1 : k === 4 ? 0.9 : k === 6 ? 0.1000001 : 1)], 16);
    const { depth } = extractDepth(vol, 1, 1, depths);
    expect(Math.abs(depth[0] - depths[5])).toBeLessThanOrEqual(0.5 * step + 1e-7);
  });

  it('rejects minima at the first and last index with NaN and confidence exactly 0', () => {
    const vol = volume([(k) => 0.1 * k, (k) => 1.5 - 0.1 * k, () => 1], 16);
    const { depth, confidence } = extractDepth(vol, 3, 1, depths);
    expect(Number.isNaN(depth[0])).toBe(true);
    expect(Number.isNaN(depth[1])).toBe(true);
    expect(Number.isNaN(depth[2])).toBe(true); // flat cost (no valid sources): argmin 0
    expect(Array.from(confidence)).toEqual([0, 0, 0]);
  });

  it('gives confidence in [0, 1], higher for sharper minima', () => {
    const vol = volume([(k) => Math.min(1, 0.2 + 0.3 * Math.abs(k - 8)), (k) => Math.min(1, 0.2 + 0.02 * Math.abs(k - 8))], 16);
    const { confidence } = extractDepth(vol, 2, 1, depths);
    for (const c of confidence) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    expect(confidence[0]).toBeGreaterThan(confidence[1] + 0.05);
  });

  it('returns float32 maps of H×W', () => {
    const { depth, confidence } = extractDepth(new Float32Array(6 * 16).fill(1), 3, 2, depths);
    expect(depth).toBeInstanceOf(Float32Array);
    expect(confidence).toBeInstanceOf(Float32Array);
    expect(depth.length).toBe(6);
  });
});

describe('WinnerTakeAll bands', () => {
  it('rejects a minimum on the edge of a partial band and matches the full sweep inside it', () => {
    const D = 20;
    const hyp = { min: 0, max: 1.9, count: D };
    const profiles = [(k: number) => (k - 9.3) ** 2, (k: number) => (k - 4) ** 2];
    const full = new WinnerTakeAll(2);
    const band = new WinnerTakeAll(2);
    const cost = new Float32Array(2);
    for (let k = 0; k < D; k++) {
      cost[0] = profiles[0](k);
      cost[1] = profiles[1](k);
      full.add(k, cost);
      if (k >= 5 && k <= 14) band.add(k, cost);
    }
    const d1 = new Float32Array(2);
    const d2 = new Float32Array(2);
    const c = new Float32Array(2);
    finishDepth(full, hyp, { kLo: 0, kHi: D - 1 }, 2, d1, c);
    finishDepth(band, hyp, { kLo: 5, kHi: 14 }, 2, d2, c);
    expect(d2[0]).toBe(d1[0]);
    expect(Math.abs(d1[0] - 0.93)).toBeLessThan(1e-6);
    expect(Number.isNaN(d2[1])).toBe(true); // true minimum (4) lies outside the band: edge 5 wins
    expect(c[1]).toBe(0);
  });
});
