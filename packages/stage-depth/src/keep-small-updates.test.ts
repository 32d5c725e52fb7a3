import { describe, expect, it } from 'vitest';
import { keepSmallUpdates } from './keep-small-updates.js';

const W = 120;
const H = 90;
const STEP = 0.001;

/** Deterministic standard-normal samples (Box–Muller over a 32-bit LCG). */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const rand = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const medianAbs = (v: Float32Array, truth: (i: number) => number): number =>
  Array.from(v, (d, i) => Math.abs(d - truth(i)))
    .sort((a, b) => a - b)
    .at(v.length >> 1) as number;

describe('keepSmallUpdates (the sweep kept where the refinement moved little and the sweep is the quieter map, plus the local mean of the moves)', () => {
  const truth = (i: number): number => 0.3 + 1e-4 * (i % W);
  const noise = gaussian(7);
  // The sweep: quiet (0.05 step) but biased by 0.4 step, smoothly (a fronto-parallel window on a slope).
  const swept = Float32Array.from({ length: W * H }, (_, i) => truth(i) + 0.4 * STEP + 0.05 * STEP * noise());
  // The refinement: unbiased but noisier (0.3 step) per pixel.
  const refinedOf = (): Float32Array => Float32Array.from({ length: W * H }, (_, i) => truth(i) + 0.3 * STEP * noise());
  // The stage's rule: the sweep kept only where its map is no rougher than twice the refined one.
  const rule = { width: W, threshold: STEP, biasRadius: 4, biasFloor: 0.1 * STEP, roughnessRatio: 2 };

  it('keeps the sweep’s low noise and removes its smooth bias, down to the floor', () => {
    const merged = refinedOf();
    const refinedError = medianAbs(merged, truth);
    keepSmallUpdates(swept, merged, rule);
    // Measured: sweep 0.40 step off, refinement 0.20, merged 0.12 (the 0.1-step floor plus the mean's residual).
    expect(medianAbs(swept, truth)).toBeGreaterThan(0.38 * STEP);
    expect(refinedError).toBeGreaterThan(0.18 * STEP);
    expect(medianAbs(merged, truth)).toBeLessThan(0.13 * STEP);
  });

  it('with biasRadius 0 keeps the sweep’s depths as they are; large updates (relief) stay refined', () => {
    const merged = refinedOf();
    merged[10 * W + 10] = swept[10 * W + 10] + 3 * STEP;
    const before = merged.slice();
    keepSmallUpdates(swept, merged, { ...rule, biasRadius: 0 });
    expect(merged[10 * W + 10]).toBe(Math.fround(swept[10 * W + 10] + 3 * STEP));
    let small = 0;
    for (let i = 0; i < merged.length; i++) {
      const isSmall = Math.abs(before[i] - swept[i]) < STEP;
      if (isSmall) small++;
      expect(merged[i]).toBe(isSmall ? swept[i] : before[i]);
    }
    // The refinement's 0.3-step noise around the sweep's 0.4-step bias: ~2.5 % of the updates reach a step.
    expect(small).toBeGreaterThan(0.9 * merged.length);
  });

  it('carries nothing on a flat bed whose updates are noise (their local mean is under the floor); NaN stays NaN', () => {
    const flatSwept = Float32Array.from({ length: W * H }, (_, i) => truth(i) + 0.05 * STEP * noise());
    const merged = refinedOf();
    merged[5] = Number.NaN;
    keepSmallUpdates(flatSwept, merged, rule);
    expect(Number.isNaN(merged[5])).toBe(true);
    let changed = 0;
    for (let i = 0; i < merged.length; i++) if (i !== 5 && Math.abs(merged[i] - flatSwept[i]) > 1e-9) changed++;
    // Measured: 45 of 10 800 pixels (the 9×9 mean of 0.3-step noise is ~0.03 step; a few means reach the floor).
    expect(changed).toBeLessThan(0.01 * merged.length);
  });

  it('on a steep bed, where the sweep scatters by a fraction of its coarse step from pixel to pixel, keeps the refined depths', () => {
    // A 25° bed: 0.6 step a pixel, the sweep's sub-step estimates off by up to ±0.4 step each (no smooth bias to
    // carry), the surface-following refinement within 0.05 step.
    const steep = (i: number): number => 0.3 + 0.6 * STEP * (i % W);
    const scatter = gaussian(11);
    const steepSwept = Float32Array.from({ length: W * H }, (_, i) => steep(i) + 0.4 * STEP * Math.tanh(scatter()));
    const refined = Float32Array.from({ length: W * H }, (_, i) => steep(i) + 0.05 * STEP * scatter());
    const merged = refined.slice();
    keepSmallUpdates(steepSwept, merged, rule);
    const kept = refined.slice();
    keepSmallUpdates(steepSwept, kept, { ...rule, roughnessRatio: Infinity });
    // Measured: sweep 0.24 step off, refinement 0.034; merged 0.034 with the ratio, 0.24 without it.
    expect(medianAbs(steepSwept, steep)).toBeGreaterThan(0.2 * STEP);
    expect(medianAbs(merged, steep)).toBeLessThan(0.05 * STEP);
    expect(medianAbs(kept, steep)).toBeGreaterThan(0.2 * STEP);
  });
});
