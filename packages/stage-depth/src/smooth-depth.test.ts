import { describe, expect, it } from 'vitest';
import { smoothDepth } from './smooth-depth.js';

const W = 12;
const H = 8;
const map = (f: (x: number, y: number) => number): Float32Array => {
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + x] = f(x, y);
  return out;
};

describe('smoothDepth', () => {
  it('keeps a step sharp with a tolerance, and wears it into a ramp without one', () => {
    const step = map((x) => (x < 6 ? 1.0 : 1.025)); // a 25 mm rim
    const kept = smoothDepth(step, W, H, 0.004);
    const worn = smoothDepth(step, W, H);
    for (let y = 1; y < H - 1; y++) {
      expect(kept[y * W + 5]).toBeCloseTo(1.0, 6);
      expect(kept[y * W + 6]).toBeCloseTo(1.025, 6);
      expect(worn[y * W + 5]).toBeCloseTo(1.0 + 0.025 / 3, 5);
    }
  });

  it('smooths a steep plane exactly like the plain mean (pairs on a plane are kept whole)', () => {
    const slope = map((x, y) => 1 + 0.01 * x + 0.004 * y); // 10 mm per pixel: far beyond the tolerance
    const kept = smoothDepth(slope, W, H, 0.004);
    for (let y = 1; y < H - 1; y++) for (let x = 1; x < W - 1; x++) expect(kept[y * W + x]).toBeCloseTo(slope[y * W + x], 5);
  });

  it('gives each valid pixel the mean of the valid pixels of its 3×3 neighbourhood, at the borders and beside holes', () => {
    const depth = map((x, y) => ((x * 7919 + y * 104729) % 97 === 0 || (x + 2 * y) % 11 === 0 ? Number.NaN : 1 + ((x * 31 + y * 17) % 13) / 1000));
    const out = smoothDepth(depth, W, H);
    let checked = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if (Number.isNaN(depth[y * W + x])) {
          expect(out[y * W + x]).toBeNaN();
          continue;
        }
        let sum = 0;
        let count = 0;
        for (let yy = Math.max(0, y - 1); yy <= Math.min(H - 1, y + 1); yy++) {
          for (let xx = Math.max(0, x - 1); xx <= Math.min(W - 1, x + 1); xx++) {
            const d = depth[yy * W + xx];
            if (!Number.isNaN(d)) {
              sum += d;
              count++;
            }
          }
        }
        expect(out[y * W + x]).toBe(Math.fround(sum / count));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(W * H * 0.8);
  });

  it('still averages noise on a level bed and leaves invalid pixels NaN', () => {
    const noisy = map((x, y) => 1 + ((x * 7 + y * 3) % 5 === 0 ? 0.001 : 0));
    noisy[3 * W + 3] = Number.NaN;
    const out = smoothDepth(noisy, W, H, 0.004);
    expect(out[3 * W + 3]).toBeNaN();
    const spread = (a: Float32Array): number => {
      let lo = Infinity,
        hi = -Infinity;
      for (let y = 1; y < H - 1; y++)
        for (let x = 1; x < W - 1; x++)
          if (a[y * W + x] === a[y * W + x]) {
            lo = Math.min(lo, a[y * W + x]);
            hi = Math.max(hi, a[y * W + x]);
          }
      return hi - lo;
    };
    expect(spread(out)).toBeLessThan(0.5 * spread(noisy));
  });

  it("with a curvature floor keeps a dome's top where the plain mean lowers it, and still averages noise below the floor", () => {
    // A paraboloid 1 mm of depth per pixel² of curvature: the 3×3 mean moves every pixel by a third of it.
    const dome = map((x, y) => 1 - 0.0005 * ((x - 6) ** 2 + (y - 4) ** 2));
    const plain = smoothDepth(dome, W, H);
    const kept = smoothDepth(dome, W, H, Infinity, 0.0001);
    const i = 4 * W + 6;
    expect(dome[i] - plain[i]).toBeCloseTo(0.002 / 3, 5);
    expect(Math.abs(dome[i] - kept[i])).toBeLessThan(0.0001 + 1e-6);
    const noisy = map((x, y) => 1 + ((x * 7 + y * 3) % 5 === 0 ? 0.0001 : 0));
    const smoothed = smoothDepth(noisy, W, H);
    const floored = smoothDepth(noisy, W, H, Infinity, 0.001);
    for (let k = 0; k < W * H; k++) expect(floored[k]).toBe(smoothed[k]);
  });
});
