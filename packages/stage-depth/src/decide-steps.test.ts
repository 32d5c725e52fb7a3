import { describe, expect, it } from 'vitest';
import { createSyntheticScene } from '@aquamvs/benchmark';
import type { DepthMap } from '@aquamvs/core';
import { runSweepScene } from './test-support/run-sweep-scene.js';

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
