import { describe, expect, it } from 'vitest';
import { quadraticSmooth, shapePreservingSmooth } from './shape-smooth.js';
import { smoothDepth } from './smooth-depth.js';

const W = 64;
const H = 48;
const STEP = 0.001;

/** A cosine-bell mound 20 mm high, 6 px in radius (ci's small nest mound), on a bed at 0.3 m (depth decreases toward its top). */
const mound = Float32Array.from({ length: W * H }, (_, i) => {
  const r = Math.hypot((i % W) - 32, Math.floor(i / W) - 24);
  return 0.3 - (r < 6 ? (0.02 * (1 + Math.cos((Math.PI * r) / 6))) / 2 : 0);
});

describe('shape-keeping smoothing (the alignment’s regulariser)', () => {
  it('leaves a quadratic surface as it is, where the 3×3 mean moves it by a third of its Laplacian', () => {
    const bowl = Float32Array.from({ length: W * H }, (_, i) => 0.3 + 1e-5 * (((i % W) - 32) ** 2 + (Math.floor(i / W) - 24) ** 2));
    const exact = quadraticSmooth(bowl, W, H);
    const mean = smoothDepth(bowl, W, H);
    const centre = 24 * W + 32;
    expect(Math.abs(exact[centre] - bowl[centre])).toBeLessThan(1e-7);
    expect(mean[centre] - bowl[centre]).toBeCloseTo((4 * 1e-5) / 3, 7);
  });

  it('keeps a mound top the mean lowers, and keeps NaN', () => {
    const top = 24 * W + 32;
    const withHole = mound.slice();
    withHole[3] = Number.NaN;
    const kept = shapePreservingSmooth(withHole, W, H, 0.25 * STEP);
    const mean = smoothDepth(withHole, W, H);
    // Measured: the mean lowers the top by 1.76 mm, the shape-keeping smoothing by 0.68 mm (the ¼-step floor and
    // the bell's higher-order terms).
    expect(mean[top] - mound[top]).toBeGreaterThan(1.5e-3);
    expect(Math.abs(kept[top] - mound[top])).toBeLessThan(0.5 * (mean[top] - mound[top]));
    expect(Number.isNaN(kept[3])).toBe(true);
  });

  it('on a flat noisy bed is the 3×3 mean wherever the two differ by less than the floor', () => {
    let state = 11;
    const rand = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
    const bed = Float32Array.from({ length: W * H }, () => 0.3 + 0.3 * STEP * rand());
    const kept = shapePreservingSmooth(bed, W, H, 0.25 * STEP);
    const mean = smoothDepth(bed, W, H);
    let same = 0;
    for (let i = 0; i < bed.length; i++) if (kept[i] === mean[i]) same++;
    // Measured: every pixel (uniform noise of ±0.15 step: the two smoothings differ by far less than ¼ step).
    expect(same).toBeGreaterThan(0.99 * bed.length);
  });
});
