import { describe, expect, it } from 'vitest';
import { createSyntheticScene } from '@aquamvs/benchmark';
import { depthHypotheses } from './depth-hypotheses.js';
import { confidenceOfReturned } from './returned-confidence.js';
import { sweepReference } from './sweep-reference.js';
import { runSweepScene } from './test-support/run-sweep-scene.js';
import { referenceOf, sinusoidTexture, syntheticRig, type SyntheticSurface } from './test-support/synthetic-scene.js';
import { tilesOf } from './tile-region.js';
import { WarpTables } from './warp-table.js';

describe('confidenceOfReturned (the confidence of the depth returned, not of the sweep’s)', () => {
  // A 2 cm plateau on a flat bed: the fronto-parallel sweep fattens its rim, so there its depths are off.
  const W = 160;
  const H = 120;
  const D = 128;
  const focal = (W * 1400) / 1600;
  const bed = 1.178;
  const rig = syntheticRig({ ringCount: 12, radius: 0.635, width: W, height: H, focal, waterZ: 0.978, lookAtZ: bed, center: true });
  // 2 cm high, its flank rising over 2 cm (56° at its steepest, as the benchmark's rock walls).
  const plateau = (x: number, y: number): number => {
    const t = Math.min(1, Math.max(0, (0.08 - Math.hypot(x - 0.01, y + 0.02)) / 0.02));
    return 0.02 * t * t * (3 - 2 * t);
  };
  const surface: SyntheticSurface = { z: (x, y) => bed - plateau(x, y), texture: sinusoidTexture((3 * 1.34) / focal, 3) };
  const { input, gt } = referenceOf(rig, [0, 1, 11, 2, 10], W, H, surface, { min: 0.16, max: 0.26 });
  const swept = sweepReference(input, { refineIterations: 0, alignIterations: 0, stepRounds: 0 });
  const hypotheses = { min: input.range.min, max: input.range.max, count: D };
  const step = (hypotheses.max - hypotheses.min) / (D - 1);
  const warp = new WarpTables(
    input.refProjection,
    input.sourceProjections,
    depthHypotheses(hypotheses.min, hypotheses.max, D),
    { scale: 1, width: W, height: H },
    32,
  );
  const coarse = swept.coarse;
  if (coarse === undefined) throw new Error('expected a coarse-to-fine sweep');
  const meanCost = (x: number, y: number): number =>
    coarse.meanCost[
      Math.min(Math.floor(y / coarse.scale), coarse.height - 1) * coarse.width + Math.min(Math.floor(x / coarse.scale), coarse.width - 1)
    ];
  const score = (returned: Float32Array): Float32Array =>
    confidenceOfReturned({
      ref: input.ref,
      sources: input.sources,
      warp,
      hypotheses,
      tiles: tilesOf(W, H, 64, 64),
      depth: returned,
      sweptDepth: swept.depth,
      sweptConfidence: Float32Array.from(swept.confidence),
      threshold: step,
      meanCost,
      window: 11,
      bestSources: 2,
      curvatureFloor: 1,
    }).confidence;
  // The truth returned everywhere; the flank pixels the sweep got wrong by more than 3 steps are the ones to watch.
  const truth = Float32Array.from(gt);
  const flank: number[] = [];
  for (let i = 0; i < W * H; i++) if (Math.abs(swept.depth[i] - gt[i]) > 3 * step) flank.push(i);
  const mean = (c: Float32Array): number => flank.reduce((s, i) => s + c[i], 0) / flank.length;

  it('scores a moved pixel at its returned depth: a surface returned 32 steps off the truth scores lower', () => {
    expect(flank.length).toBeGreaterThan(30);
    const atTruth = mean(score(truth));
    // Measured on the flank pixels: 0.80 at the truth, 0.73 / 0.70 with the whole surface 32 steps nearer / farther.
    for (const k of [-32, 32]) expect(mean(score(Float32Array.from(truth, (d) => d + k * step)))).toBeLessThan(atTruth - 0.05);
  });

  it('leaves the sweep’s confidence, bit for bit, where the returned depth stayed within the threshold', () => {
    const atTruth = score(truth);
    const moved = new Set<number>();
    for (let i = 0; i < W * H; i++) if (!(Math.abs(truth[i] - swept.depth[i]) < step)) moved.add(i);
    let same = 0;
    for (let i = 0; i < W * H; i++) {
      if (moved.has(i)) continue;
      expect(atTruth[i]).toBe(swept.confidence[i]);
      same++;
    }
    expect(same).toBe(W * H - moved.size);
    const nothingMoved = score(Float32Array.from(swept.depth));
    expect(Array.from(nothingMoved)).toEqual(Array.from(swept.confidence));
  });
});

describe('the plane sweep stage returns the confidence of its returned depths', () => {
  /** The scene runSweepScene renders (seed 1): a rock with 2 cm walls and a ledge, and a smaller rock beside it. */
  const scene = createSyntheticScene({ rig: 'ci', scene: 'rock', seed: 1 });

  it('keeps the rock’s wall pixels that the passes got right: few of them fall under min_confidence', async () => {
    const { maps } = await runSweepScene('ci', 'rock', { workers: 2 });
    let right = 0;
    let dropped = 0;
    for (const [camera, map] of maps) {
      const gt = scene.groundTruth(camera);
      for (let i = 0; i < gt.depth.length; i++) {
        if (!Number.isFinite(gt.depth[i]) || !(Math.abs(map.depth[i] - gt.depth[i]) <= 0.002)) continue;
        if (!(Math.abs(scene.surface.reliefHeight(gt.points[i * 3], gt.points[i * 3 + 1])) > 0.003)) continue;
        right++;
        if (map.confidence[i] < 0.1) dropped++;
      }
    }
    // Measured (seed 1, 4 ring cameras): 1 of 1 403 such pixels under 0.1; 31 (2.2 %) with the sweep's confidence kept.
    expect(right).toBeGreaterThan(1000);
    expect(dropped / right).toBeLessThan(0.01);
  });
});
