import { describe, expect, it } from 'vitest';
import { sweepReference } from './sweep-reference.js';
import { referenceOf, sinusoidTexture, syntheticRig, type SyntheticSurface } from './test-support/synthetic-scene.js';

// A 3 cm cosine-bell mound (radius 6 cm, ~25 px across at this size) on a flat bed: its top covers a few coarse pixels of one tile, which the
// coarse level smears toward the bed, so the banded fine pass alone rejects much of it.
const W = 240;
const H = 180;
const focal = (W * 1400) / 1600;
const z0 = 1.178;
const rig = syntheticRig({ ringCount: 12, radius: 0.635, width: W, height: H, focal, waterZ: 0.978, lookAtZ: z0, center: true });
const mound = (x: number, y: number): number => {
  const r = Math.hypot(x - 0.02, y + 0.01);
  return r >= 0.06 ? 0 : 0.015 * (1 + Math.cos((Math.PI * r) / 0.06));
};
const surface: SyntheticSurface = { z: (x, y) => z0 - mound(x, y), texture: sinusoidTexture((3 * 1.34) / focal, 5) };
const { input, gt } = referenceOf(rig, [0, 1, 11, 2, 10], W, H, surface, { min: 0.2, max: 0.32 });

/** Pixels whose true point lies more than 1 cm above the bed. */
const top: number[] = [];
{
  const px = new Float64Array(2);
  for (let i = 0; i < W * H; i++) {
    px[0] = i % W;
    px[1] = Math.floor(i / W);
    const { origins: o, directions: d } = rig[0].projection.castRay(px);
    const x = o[0] + gt[i] * d[0];
    const y = o[1] + gt[i] * d[1];
    if (mound(x, y) > 0.01) top.push(i);
  }
}

function topScore(depth: Float32Array): { valid: number; median: number } {
  const e = top
    .filter((i) => depth[i] === depth[i])
    .map((i) => Math.abs(depth[i] - gt[i]))
    .sort((a, b) => a - b);
  return { valid: e.length / top.length, median: e.length === 0 ? Number.NaN : e[e.length >> 1] };
}

describe('coarse-to-fine on a mound whose top the coarse level smears out of the band', () => {
  const exhaustive = sweepReference(input, { coarseToFine: false });
  const banded = sweepReference(input, { coarseRescue: false });
  const rescued = sweepReference(input);

  it('has a mound top of about a hundred pixels in view, which the exhaustive sweep mostly decides', () => {
    expect(top.length).toBeGreaterThan(80);
    expect(topScore(exhaustive.depth).valid).toBeGreaterThan(0.8);
  });

  it('the banded pass alone loses part of the top; the rescue pass recovers it as the exhaustive sweep does', () => {
    const b = topScore(banded.depth);
    const r = topScore(rescued.depth);
    const e = topScore(exhaustive.depth);
    expect(b.valid).toBeLessThan(0.5);
    expect(r.valid).toBeGreaterThanOrEqual(e.valid - 0.02);
    expect(r.median).toBeLessThanOrEqual(1.1 * e.median);
  });

  it('the rescue costs a fraction of the exhaustive sweep', () => {
    const work = rescued.stats.evaluations.reduce((a, b) => a + b, 0);
    expect(work).toBeLessThan(0.6 * exhaustive.stats.evaluations[0]);
  });
});
