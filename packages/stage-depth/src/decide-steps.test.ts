import { describe, expect, it } from 'vitest';
import { createSyntheticScene } from '@aquamvs/benchmark';
import type { DepthMap } from '@aquamvs/core';
import { decideSteps } from './decide-steps.js';
import { depthHypotheses } from './depth-hypotheses.js';
import { sweepReference } from './sweep-reference.js';
import { runSweepScene } from './test-support/run-sweep-scene.js';
import { referenceOf, sinusoidTexture, syntheticRig, type SyntheticSurface } from './test-support/synthetic-scene.js';
import { tilesOf } from './tile-region.js';
import { WarpTables } from './warp-table.js';

/** The scene runSweepScene renders (seed 1): a rock with 2 cm walls and a ledge, and a smaller rock beside it. */
const scene = createSyntheticScene({ rig: 'ci', scene: 'rock', seed: 1 });

interface ReliefScore {
  /** Median |depth error| (mm) over the relief pixels (> 3 mm off the bed) with a depth. */
  readonly medianMm: number;
  /** Share of the relief pixels within 2 mm of the truth (holes count as misses). */
  readonly within2mm: number;
  /** Median |depth error| (mm) over the bed. */
  readonly bedMedianMm: number;
}

function score(maps: ReadonlyMap<string, DepthMap>): ReliefScore {
  const relief: number[] = [];
  const bed: number[] = [];
  let reliefPixels = 0;
  for (const [camera, map] of maps) {
    const gt = scene.groundTruth(camera);
    for (let i = 0; i < gt.depth.length; i++) {
      if (!Number.isFinite(gt.depth[i])) continue;
      const onRelief = Math.abs(scene.surface.reliefHeight(gt.points[i * 3], gt.points[i * 3 + 1])) > 0.003;
      if (onRelief) reliefPixels++;
      const d = map.depth[i];
      if (!(Number.isFinite(d) && d > 0)) continue;
      (onRelief ? relief : bed).push(Math.abs(d - gt.depth[i]) * 1000);
    }
  }
  const median = (v: number[]): number => v.sort((a, b) => a - b)[v.length >> 1];
  return { medianMm: median(relief), within2mm: relief.filter((e) => e <= 2).length / reliefPixels, bedMedianMm: median(bed) };
}

describe('decideSteps (the step decision after the surface-following passes)', () => {
  it('undoes the window fattening at rock walls: relief pixels more accurate and more of them within 2 mm, the bed as before', async () => {
    const off = score((await runSweepScene('ci', 'rock', { workers: 2, stepRounds: 0 })).maps);
    const on = score((await runSweepScene('ci', 'rock', { workers: 2 })).maps);
    // Measured (seed 1, 4 ring cameras): relief median 2.95 → 1.43 mm, within 2 mm 0.39 → 0.57; bed 0.580 → 0.579 mm.
    expect(on.medianMm).toBeLessThan(0.6 * off.medianMm);
    expect(on.within2mm).toBeGreaterThan(off.within2mm + 0.1);
    expect(on.bedMedianMm).toBeLessThan(1.02 * off.bedMedianMm);
  });
});

describe('decideSteps: `only` limits which pixels may change', () => {
  // A 2 cm plateau on a flat bed, swept without the decision: its rim is fattened, so the decision moves pixels there.
  const W = 160;
  const H = 120;
  const focal = (W * 1400) / 1600;
  const bed = 1.178;
  const rig = syntheticRig({ ringCount: 12, radius: 0.635, width: W, height: H, focal, waterZ: 0.978, lookAtZ: bed, center: true });
  const plateau = (x: number, y: number): number => (Math.hypot(x - 0.01, y + 0.02) < 0.07 ? 0.02 : 0);
  const surface: SyntheticSurface = { z: (x, y) => bed - plateau(x, y), texture: sinusoidTexture((3 * 1.34) / focal, 3) };
  const { input } = referenceOf(rig, [0, 1, 11, 2, 10], W, H, surface, { min: 0.16, max: 0.26 });
  const swept = sweepReference(input, { stepRounds: 0 });
  const hypotheses = { min: input.range.min, max: input.range.max, count: 128 };
  const warp = new WarpTables(
    input.refProjection,
    input.sourceProjections,
    depthHypotheses(hypotheses.min, hypotheses.max, 128),
    { scale: 1, width: W, height: H },
    32,
  );
  const decide = (only?: Uint8Array): ReturnType<typeof decideSteps> =>
    decideSteps({
      ref: input.ref,
      sources: input.sources,
      warp,
      hypotheses,
      depth: swept.depth,
      tiles: tilesOf(W, H, 64, 64),
      window: 5,
      bestSources: 2,
      rounds: 1,
      reach: [1, 2, 3, 4, 5, 6],
      edgeSteps: 16,
      ...(only === undefined ? {} : { only }),
    });
  const changedPixels = (depth: Float32Array): number[] => {
    const out: number[] = [];
    for (let i = 0; i < depth.length; i++) if (!Object.is(depth[i], swept.depth[i])) out.push(i);
    return out;
  };

  it('moves rim pixels when every pixel may change; none, at no cost, when none may', () => {
    const all = decide();
    expect(all.changed).toBeGreaterThan(20);
    const none = decide(new Uint8Array(W * H));
    expect(none.evaluations).toBe(0);
    expect(changedPixels(none.depth)).toEqual([]);
  });

  it('changes only the allowed pixels, each to what the unrestricted decision gives it', () => {
    const all = decide();
    const left = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) left.fill(1, y * W, y * W + (W >> 1));
    const some = decide(left);
    const moved = changedPixels(some.depth);
    expect(moved.length).toBeGreaterThan(5);
    expect(moved.length).toBeLessThan(changedPixels(all.depth).length);
    for (const i of moved) expect(left[i]).toBe(1);
    for (let i = 0; i < W * H; i++) if (left[i] === 1) expect(some.depth[i]).toBe(all.depth[i]);
  });
});
