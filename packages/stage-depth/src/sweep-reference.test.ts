import { describe, expect, it } from 'vitest';
import { sweepReference, type ReferenceSweepInput } from './sweep-reference.js';
import { renderView, sinusoidTexture, syntheticRig, syntheticSurface } from './test-support/synthetic-scene.js';

const W = 240;
const H = 180;
const focal = (W * 1400) / 1600;
const rig = syntheticRig({ ringCount: 12, radius: 0.635, width: W, height: H, focal, waterZ: 0.978, lookAtZ: 1.178, center: true });
const surface = syntheticSurface(1.178, sinusoidTexture((3 * 1.34) / focal, 5));
const use = [0, 1, 11, 2, 10];
const views = use.map((i) => renderView(rig[i], W, H, surface, 2));
const gt = views[0].depth;
let lo = Infinity;
let hi = -Infinity;
for (const d of gt) {
  lo = Math.min(lo, d);
  hi = Math.max(hi, d);
}
const input: ReferenceSweepInput = {
  camera: 'cam00',
  ref: views[0].image,
  sources: views.slice(1).map((v) => v.image),
  refProjection: rig[0].projection,
  sourceProjections: use.slice(1).map((i) => rig[i].projection),
  range: { min: lo - 0.03, max: hi + 0.03 },
};

function score(depth: Float32Array): { median: number; valid: number } {
  const e: number[] = [];
  for (let i = 0; i < gt.length; i++) if (!Number.isNaN(depth[i])) e.push(Math.abs(depth[i] - gt[i]));
  e.sort((a, b) => a - b);
  return { median: e[e.length >> 1], valid: e.length / gt.length };
}

describe('sweepReference on a rendered refractive plane', () => {
  const exhaustive = sweepReference(input, { numDepths: 64, coarseToFine: false, tileSize: 64 });
  const step = (input.range.max - input.range.min) / 63;

  it('recovers the plane with median error below 0.2 depth steps and > 90 % valid (exhaustive)', () => {
    const s = score(exhaustive.depth);
    expect(s.median).toBeLessThan(0.2 * step);
    expect(s.valid).toBeGreaterThan(0.9);
  });

  it('recovers the plane with the SSIM cost too (median below 0.3 depth steps, > 90 % valid)', () => {
    const s = score(sweepReference(input, { numDepths: 64, coarseToFine: false, tileSize: 64, costFunction: 'ssim' }).depth);
    expect(s.median).toBeLessThan(0.3 * step);
    expect(s.valid).toBeGreaterThan(0.9);
  });

  it('gives the same maps for any tile size (exhaustive sweep)', () => {
    const other = sweepReference(input, { numDepths: 64, coarseToFine: false, tileSize: 24 });
    let diff = 0;
    let confidenceDiff = 0;
    let nanMismatch = 0;
    for (let i = 0; i < gt.length; i++) {
      const a = exhaustive.depth[i];
      const b = other.depth[i];
      if (Number.isNaN(a) !== Number.isNaN(b)) nanMismatch++;
      else if (!Number.isNaN(a)) {
        diff = Math.max(diff, Math.abs(a - b));
        confidenceDiff = Math.max(confidenceDiff, Math.abs(exhaustive.confidence[i] - other.confidence[i]));
      }
    }
    expect(nanMismatch).toBe(0);
    // The NCC's ratio is taken in float32: window sums that differ in their last float64 bit between tilings can flip a
    // cost's last float32 bit, and the parabola turns that into a few micrometres (under 1/500 of a depth step).
    expect(diff).toBeLessThan(2e-3 * step);
    // The confidence of a refined pixel is scored on its tile's window statistics (float32 sums over a tile's halo).
    expect(confidenceDiff).toBeLessThan(1e-5);
  });

  it('coarse-to-fine matches the exhaustive sweep where both are valid and does a fraction of the work', () => {
    const c2f = sweepReference(input, { numDepths: 64, coarseToFine: true, coarseScale: 2, tileSize: 32 });
    let same = 0;
    let both = 0;
    for (let i = 0; i < gt.length; i++) {
      if (Number.isNaN(c2f.depth[i]) || Number.isNaN(exhaustive.depth[i])) continue;
      both++;
      if (Math.abs(c2f.depth[i] - exhaustive.depth[i]) < 1e-6) same++;
    }
    expect(same / both).toBeGreaterThan(0.97);
    expect(score(c2f.depth).median).toBeLessThan(0.2 * step);
    const work = c2f.stats.evaluations.reduce((a, b) => a + b, 0);
    expect(work).toBeLessThan(0.6 * exhaustive.stats.evaluations[0]);
  });

  it('accepts sources of another image size (warps go straight to source pixels)', () => {
    const w2 = 320;
    const h2 = 240;
    const big = syntheticRig({
      ringCount: 12,
      radius: 0.635,
      width: w2,
      height: h2,
      focal: (w2 * 1400) / 1600,
      waterZ: 0.978,
      lookAtZ: 1.178,
      center: true,
    });
    const srcs = [1, 11].map((i) => renderView(big[i], w2, h2, surface, 2).image);
    const res = sweepReference(
      { ...input, sources: srcs, sourceProjections: [big[1].projection, big[11].projection] },
      { numDepths: 64, coarseToFine: false },
    );
    const s = score(res.depth);
    expect(s.median).toBeLessThan(0.3 * step);
    expect(s.valid).toBeGreaterThan(0.8);
  });

  it('rejects pixels whose true depth lies just outside the hypotheses (minimum on the boundary)', () => {
    const off = sweepReference({ ...input, range: { min: hi + 0.001, max: hi + 0.04 } }, { numDepths: 32, coarseToFine: false });
    expect(score(off.depth).valid).toBeLessThan(0.1);
  });

  it('warps an identical source onto itself: with the reference as its own source the cost is 0 at every depth', () => {
    const self = sweepReference({ ...input, sources: [input.ref], sourceProjections: [input.refProjection] }, { numDepths: 16, coarseToFine: false });
    // Flat zero cost: argmin is index 0 everywhere, which the boundary rule rejects.
    expect(score(self.depth).valid).toBe(0);
  });
});
