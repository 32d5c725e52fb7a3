import { describe, expect, it } from 'vitest';
import { DepthVerdict, judgeDepth, sampleDepth } from './sample-depth.js';

const W = 4;
const H = 3;
const map = Float32Array.from({ length: W * H }, (_, i) => 1 + (i % W) * 0.1 + Math.floor(i / W) * 0.01);

describe('sampleDepth', () => {
  it('is exact at integer pixels', () => {
    for (let v = 0; v < H; v++) for (let u = 0; u < W; u++) expect(sampleDepth(map, W, H, u, v)).toBeCloseTo(map[v * W + u], 6);
  });

  it('interpolates bilinearly at sub-pixels', () => {
    expect(sampleDepth(map, W, H, 1.25, 0.5)).toBeCloseTo(1 + 0.125 + 0.005, 6);
  });

  it('returns NaN when a NaN neighbour carries more than 1 % of the weight, and ignores it below', () => {
    const m = map.slice();
    m[1 * W + 2] = Number.NaN;
    expect(sampleDepth(m, W, H, 1.5, 0.5)).toBeNaN();
    // weight on (2,1) = 0.005·0.5 = 0.0025 < 0.01: value uses the other three (zero for the NaN).
    const v = sampleDepth(m, W, H, 1.005, 0.5);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(map[1] * 0.995 * 0.5 + map[2] * 0.005 * 0.5 + map[W + 1] * 0.995 * 0.5, 6);
  });

  it('pads the depth with zeros outside the image and returns NaN for non-finite coordinates', () => {
    expect(sampleDepth(map, W, H, -0.5, 0)).toBeCloseTo(0.5 * map[0], 6);
    expect(sampleDepth(map, W, H, 10, 10)).toBe(0);
    expect(sampleDepth(map, W, H, Number.NaN, 1)).toBeNaN();
  });
});

describe('judgeDepth', () => {
  // A 4×2 map: left half at 1.00 m, right half 3 cm deeper (a rock edge seen from above), one NaN.
  const edge = Float32Array.from([1.0, 1.0, 1.03, 1.03, 1.0, 1.0, 1.03, Number.NaN]);
  const tol = 0.005;

  it('compares with the bilinear sample on one surface: agrees, occluded (a surface in front), conflicts (seen past)', () => {
    expect(judgeDepth(edge, 4, 2, 0.5, 0.5, 1.002, tol)).toBe(DepthVerdict.Agrees);
    expect(judgeDepth(edge, 4, 2, 0.5, 0.5, 1.02, tol)).toBe(DepthVerdict.Occluded);
    expect(judgeDepth(edge, 4, 2, 0.5, 0.5, 0.98, tol)).toBe(DepthVerdict.Conflicts);
  });

  it('at a depth jump judges the neighbours, not their blend: either level agrees, the wall between them agrees', () => {
    // The blend at u = 1.5 is 1.015, which neither surface has.
    expect(judgeDepth(edge, 4, 2, 1.5, 0, 1.0, tol)).toBe(DepthVerdict.Agrees);
    expect(judgeDepth(edge, 4, 2, 1.5, 0, 1.03, tol)).toBe(DepthVerdict.Agrees);
    expect(judgeDepth(edge, 4, 2, 1.5, 0, 1.015, tol)).toBe(DepthVerdict.Agrees);
    expect(judgeDepth(edge, 4, 2, 1.5, 0, 1.06, tol)).toBe(DepthVerdict.Occluded);
    expect(judgeDepth(edge, 4, 2, 1.5, 0, 0.98, tol)).toBe(DepthVerdict.Conflicts);
  });

  it('uses the finite neighbours beside a missing pixel and knows nothing where none is finite or the point is outside', () => {
    expect(judgeDepth(edge, 4, 2, 2.5, 0.5, 1.03, tol)).toBe(DepthVerdict.Agrees);
    expect(judgeDepth(edge, 4, 2, 2.5, 0.5, 0.98, tol)).toBe(DepthVerdict.Conflicts);
    expect(judgeDepth(edge, 4, 2, 3, 1, 1.03, tol)).toBe(DepthVerdict.Unknown);
    expect(judgeDepth(edge, 4, 2, 9, 9, 1.0, tol)).toBe(DepthVerdict.Unknown);
    expect(judgeDepth(edge, 4, 2, Number.NaN, 0, 1.0, tol)).toBe(DepthVerdict.Unknown);
  });
});
