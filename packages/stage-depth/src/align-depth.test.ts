import { describe, expect, it } from 'vitest';
import { alignDepth } from './align-depth.js';
import { renderView, sinusoidTexture, syntheticRig, syntheticSurface } from './test-support/synthetic-scene.js';
import { tilesOf } from './tile-region.js';
import { WarpTables } from './warp-table.js';
import { depthHypotheses } from './depth-hypotheses.js';

const W = 240;
const H = 180;
const focal = (W * 1400) / 1600;
const rig = syntheticRig({ ringCount: 12, radius: 0.635, width: W, height: H, focal, waterZ: 0.978, lookAtZ: 1.178, center: true });
const surface = syntheticSurface(1.178, sinusoidTexture((3 * 1.34) / focal, 5));
const use = [0, 1, 11];
const views = use.map((i) => renderView(rig[i], W, H, surface, 2));
const truth = views[0].depth;
const hypotheses = { min: 0.15, max: 0.45, count: 64 };
const warp = new WarpTables(
  rig[0].projection,
  use.slice(1).map((i) => rig[i].projection),
  depthHypotheses(hypotheses.min, hypotheses.max, hypotheses.count),
  { scale: 1, width: W, height: H },
  32,
);
const step = (hypotheses.max - hypotheses.min) / (hypotheses.count - 1);

function medianErrorMm(depth: Float32Array): number {
  const e: number[] = [];
  for (let i = 0; i < truth.length; i++) if (Number.isFinite(depth[i]) && Number.isFinite(truth[i])) e.push(Math.abs(depth[i] - truth[i]) * 1000);
  e.sort((a, b) => a - b);
  return e[e.length >> 1];
}

describe('alignDepth (photometric Gauss–Newton)', () => {
  const input = {
    ref: views[0].image,
    sources: views.slice(1).map((v) => v.image),
    warp,
    hypotheses,
    tiles: tilesOf(W, H, 64, 64),
    windowPasses: 4,
    maxUpdate: 1,
    minCorrelation: 0.3,
  };

  it(`pulls a depth map that is off by half a depth step (${(step * 500).toFixed(1)} mm) back to the surface`, () => {
    const offset = Float32Array.from(truth, (d) => d + 0.5 * step);
    expect(medianErrorMm(offset)).toBeCloseTo(step * 500, 3);
    const aligned = alignDepth({ ...input, depth: offset, iterations: 3 });
    expect(medianErrorMm(aligned.depth)).toBeLessThan(0.15 * step * 1000);
    expect(aligned.evaluations).toBeGreaterThan(0);
  });

  it('keeps NaN depths NaN and returns the input unchanged with 0 iterations', () => {
    const depth = Float32Array.from(truth);
    depth.fill(Number.NaN, 0, W * 10);
    const aligned = alignDepth({ ...input, depth, iterations: 2 });
    expect(aligned.depth.subarray(0, W * 10).every((d) => Number.isNaN(d))).toBe(true);
    expect(Array.from(alignDepth({ ...input, depth, iterations: 0 }).depth)).toEqual(Array.from(depth));
  });
});
