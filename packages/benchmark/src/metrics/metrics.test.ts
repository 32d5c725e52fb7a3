import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { createSyntheticScene } from '../synthetic-scene.js';
import { cloudAccuracy, evaluateCloud } from './cloud-metrics.js';
import { depthMapError } from './depth-map-error.js';
import { planeFit } from './plane-fit.js';
import { surfaceSamples } from './surface-samples.js';

const flat = createSyntheticScene({ rig: 'ci', scene: 'flat' });
const wavy = createSyntheticScene({ rig: 'ci', scene: 'undulating' });
const flatSamples = surfaceSamples(flat, { spacing: 0.004 });
const wavySamples = surfaceSamples(wavy, { spacing: 0.004 });

/** Moves every point `offset` metres along the surface normal (toward the water). */
function offsetAlongNormal(scene: typeof wavy, points: Float64Array, offset: number): Float64Array {
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i += 3) {
    const n = scene.surface.normal(points[i], points[i + 1]);
    for (let k = 0; k < 3; k++) out[i + k] = points[i + k] + offset * n[k];
  }
  return out;
}

describe('surfaceSamples', () => {
  it('covers the region seen by at least two ring cameras, on the surface', () => {
    expect(flatSamples.length / 3).toBeGreaterThan(50000);
    for (let i = 0; i < wavySamples.length; i += 3001 * 3) {
      expect(Math.abs(wavySamples[i + 2] - wavy.surface.height(wavySamples[i], wavySamples[i + 1]))).toBeLessThan(1e-12);
    }
    // requiring every ring camera keeps fewer samples than requiring two
    const all4 = surfaceSamples(flat, { spacing: 0.004, minCameras: 4 });
    expect(all4.length).toBeGreaterThan(0);
    expect(all4.length).toBeLessThan(flatSamples.length * 0.8);
  });
});

describe.each([
  ['flat', flat, flatSamples],
  ['undulating', wavy, wavySamples],
] as const)('cloud metrics on the %s scene', (_name, scene, samples) => {
  it('identical cloud: zero error, precision = recall = F = 1 at every threshold', () => {
    const result = evaluateCloud(samples, scene.surface, samples);
    expect(result.accuracy.maxMm).toBeLessThan(1e-9);
    for (const s of result.scores) expect([s.precision, s.recall, s.fScore]).toEqual([1, 1, 1]);
  });

  it('cloud offset 10 mm along the normal: accuracy 10 ± 0.1 mm, nothing within 5 mm', () => {
    const moved = offsetAlongNormal(scene, samples, 0.01);
    const acc = cloudAccuracy(moved, scene.surface);
    expect(Math.abs(acc.meanMm - 10)).toBeLessThan(0.1);
    expect(Math.abs(acc.medianMm - 10)).toBeLessThan(0.1);
    expect(Math.abs(acc.p90Mm - 10)).toBeLessThan(0.1);
    const result = evaluateCloud(moved, scene.surface, samples);
    for (const s of result.scores) expect([s.precision, s.recall, s.fScore]).toEqual([0, 0, 0]);
  });

  it('half of the surface missing: recall ≈ 0.5, precision 1, F ≈ 2/3', () => {
    const xs = Array.from({ length: samples.length / 3 }, (_, i) => samples[i * 3]).sort((a, b) => a - b);
    const median = xs[Math.floor(xs.length / 2)];
    const half: number[] = [];
    for (let i = 0; i < samples.length; i += 3) if (samples[i] < median) half.push(samples[i], samples[i + 1], samples[i + 2]);
    const result = evaluateCloud(Float64Array.from(half), scene.surface, samples);
    for (const s of result.scores) {
      expect(s.precision).toBe(1);
      // samples within τ of the cut are still covered: at most τ / spacing extra columns
      expect(Math.abs(s.recall - 0.5)).toBeLessThan(0.02);
      expect(Math.abs(s.fScore - 2 / 3)).toBeLessThan(0.02);
    }
  });

  it('Gaussian noise σ = 1 mm along the normal: mean error σ√(2/π) = 0.80 mm, precision at 1 mm ≈ 0.683', () => {
    const random = createRandom(9);
    const noisy = new Float64Array(samples.length);
    for (let i = 0; i < samples.length; i += 3) {
      const g = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      const n = scene.surface.normal(samples[i], samples[i + 1]);
      for (let k = 0; k < 3; k++) noisy[i + k] = samples[i + k] + 0.001 * g * n[k];
    }
    const result = evaluateCloud(noisy, scene.surface, samples);
    expect(Math.abs(result.accuracy.meanMm - 0.798)).toBeLessThan(0.02);
    expect(Math.abs(result.accuracy.medianMm - 0.674)).toBeLessThan(0.02);
    expect(Math.abs(result.scores[0].precision - 0.683)).toBeLessThan(0.01);
  });
});

describe('depthMapError', () => {
  it('reports median |Δδ|, the share within 1 mm and the share valid', () => {
    const truth = new Float64Array(1000).fill(0.25);
    truth[999] = Number.NaN; // ground truth miss: not counted
    const estimate = new Float32Array(1000);
    for (let i = 0; i < 1000; i++) {
      if (i < 400) estimate[i] = 0.25 + 0.0005;
      else if (i < 700) estimate[i] = 0.25 - 0.003;
      else if (i < 900) estimate[i] = Number.NaN;
      else estimate[i] = 0;
    }
    const e = depthMapError(estimate, truth);
    expect(e.truthValid).toBe(999);
    expect(e.compared).toBe(700);
    expect(e.validShare).toBeCloseTo(700 / 999, 12);
    expect(e.medianAbsErrorMm).toBeCloseTo(0.5, 4);
    expect(e.withinToleranceShare).toBeCloseTo(400 / 700, 12);
    expect(e.withinToleranceOfTruth).toBeCloseTo(400 / 999, 12);
    expect(e.p90AbsErrorMm).toBeCloseTo(3, 4);
  });

  it('is zero against itself', () => {
    const gt = flat.groundTruth('ring01').depth;
    const e = depthMapError(gt, gt);
    expect([e.medianAbsErrorMm, e.validShare, e.withinToleranceShare]).toEqual([0, 1, 1]);
  });
});

describe('planeFit', () => {
  it('recovers a tilted plane and an RMSE of 1 mm for ±1 mm residuals', () => {
    const normal = [0.1, -0.2, -1].map((v) => v / Math.hypot(0.1, 0.2, 1));
    const pts: number[] = [];
    let k = 0;
    for (let x = -0.2; x <= 0.2; x += 0.01) {
      for (let y = -0.2; y <= 0.2; y += 0.01) {
        const z = 1.2 + (0.1 * x - 0.2 * y); // plane with this normal through (0, 0, 1.2)
        const s = (k++ % 2 === 0 ? 1 : -1) * 0.001;
        pts.push(x + s * normal[0], y + s * normal[1], z + s * normal[2]);
      }
    }
    const fit = planeFit(Float64Array.from(pts));
    expect(Math.abs(fit.rmseMm - 1)).toBeLessThan(0.01);
    expect(fit.maxErrorMm).toBeGreaterThan(0.99);
    expect(fit.maxErrorMm).toBeLessThan(1.1);
    for (let i = 0; i < 3; i++) expect(fit.normal[i]).toBeCloseTo(normal[i], 3);
  });

  it('gives zero RMSE for the flat scene ground truth', () => {
    const fit = planeFit(flat.groundTruth('ring00').points);
    expect(fit.rmseMm).toBeLessThan(1e-6);
    expect(fit.normal[2]).toBeCloseTo(-1, 12);
  });
});
